"""Two-factor sign-in: an authenticator app's six-digit code (TOTP) after the password, with
one-use recovery codes for a lost phone. Required of those who read everything (analysts,
auditors, administrators) when PANORAMA_REQUIRE_2FA is on; anyone may switch it on."""

import hashlib
import secrets
from datetime import timedelta

import pyotp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from panorama.core import audit
from panorama.core.models import AuditEvent

from . import permissions
from .models import RecoveryCode, TwoFactor, User

SESSION_VERIFIED = "two_factor_verified"
SESSION_PENDING_SECRET = "two_factor_pending_secret"  # noqa: S105 (a session key's name)
RECOVERY_CODES = 10
# Wrong codes for one person, from any sessions, before codes are refused for the lock-out minutes:
# a session is signed out after five, but whoever has the password could sign in again and again.
LOCK_AFTER = 10
ISSUER = "Panorama"


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").upper().encode()).hexdigest()


def two_factor_required(*, person: User) -> bool:
    return settings.PANORAMA_REQUIRE_2FA and permissions.reads_everything(person)


def two_factor_enabled(*, person: User) -> bool:
    return person.has_two_factor


def secret_new() -> str:
    return pyotp.random_base32()


def provisioning_uri(*, person: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=person.email, issuer_name=ISSUER)


def _totp_step(*, secret: str, code: str) -> int | None:
    """The time step a code belongs to, allowing one step of clock drift either way."""
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    for drift in (0, -1, 1):
        step = totp.timecode(now) + drift
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def two_factor_enable(*, person: User, secret: str, code: str) -> list[str]:
    """Switch two-factor sign-in on once the app shows a right code; return the recovery codes,
    which are stored only hashed and shown only now."""
    code = code.strip().replace(" ", "")
    step = _totp_step(secret=secret, code=code)
    if step is None:
        raise ValidationError({"code": "That code is not right: type the six digits your app shows now."})
    tokens = [secrets.token_hex(6).upper() for _ in range(RECOVERY_CODES)]
    raw = [f"{token[:6]}-{token[6:]}" for token in tokens]
    with transaction.atomic():
        TwoFactor.objects.filter(person=person).delete()
        person.recovery_codes.all().delete()
        device = TwoFactor.objects.create(person=person, secret=secret, last_step=step)
        RecoveryCode.objects.bulk_create(RecoveryCode(person=person, code_hash=_hash(c)) for c in raw)
        User.objects.filter(pk=person.pk).update(has_two_factor=True)
        person.has_two_factor = True
        audit.record(actor=person, action="accounts.two_factor.enabled", obj=device, before={})
    return raw


def two_factor_locked(*, person: User) -> bool:
    since = timezone.now() - timedelta(minutes=settings.PANORAMA_LOCKOUT_MINUTES)
    failed = AuditEvent.objects.filter(action="accounts.two_factor.failed", actor=person, at__gte=since)
    return failed.count() >= LOCK_AFTER


def two_factor_check(*, person: User, code: str) -> bool:
    """A code from the app (each used once) or an unused recovery code; none while locked."""
    code = code.strip().replace(" ", "")
    if two_factor_locked(person=person):
        return False
    with transaction.atomic():
        device = TwoFactor.objects.select_for_update().filter(person=person).first()
        if device is None:
            return False
        if len(code) == 6 and code.isdigit():
            step = _totp_step(secret=device.secret, code=code)
            if step is not None and step > device.last_step:
                device.last_step = step
                device.save(update_fields=["last_step"])
                return True
        else:
            recovery = person.recovery_codes.filter(code_hash=_hash(code), used_at=None).first()
            if recovery is not None:
                recovery.used_at = timezone.now()
                recovery.save(update_fields=["used_at"])
                audit.record(
                    actor=person,
                    action="accounts.two_factor.recovery_code_used",
                    obj=device,
                    before={},
                    after={"recovery_codes_left": person.recovery_codes.filter(used_at=None).count()},
                )
                return True
    audit.record(
        actor=person, action="accounts.two_factor.failed", obj=device, before={}, after={"failed": True}
    )
    return False


def two_factor_disable(*, actor: User | None, person: User) -> None:
    """Switch it off (for a person who lost both phone and recovery codes, once an administrator has
    checked who they are); someone who must have it sets it up again at their next sign-in."""
    with transaction.atomic():
        device = TwoFactor.objects.filter(person=person).first()
        if device is None:
            return
        audit.record(
            actor=actor,
            action="accounts.two_factor.disabled",
            obj=person,
            before={"two_factor": True},
            after={"two_factor": False},
        )
        device.delete()
        person.recovery_codes.all().delete()
        User.objects.filter(pk=person.pk).update(has_two_factor=False)
        person.has_two_factor = False


def recovery_codes_left(*, person: User) -> int:
    return person.recovery_codes.filter(used_at=None).count()


def session_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_VERIFIED))


def session_mark_verified(request: HttpRequest) -> None:
    request.session.pop(SESSION_PENDING_SECRET, None)
    request.session[SESSION_VERIFIED] = True

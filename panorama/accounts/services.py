import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from panorama.core import audit
from panorama.organisations.models import Organisation

from .models import ApiToken, GlobalRole, MemberRole, Membership, TokenScope, User, hash_token

TOKEN_PREFIX = "pan_"  # noqa: S105 - a public marker, not a secret


def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    password: str,
    global_role: str = GlobalRole.NONE,
    check_password: bool = True,
) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": f"Someone already signs in as {email}."})
    if global_role not in GlobalRole.values:
        raise ValidationError({"global_role": f"Unknown role {global_role!r}."})
    # A password someone else chose is known to them: the person replaces it at first sign-in.
    must_change = actor is not None
    user = User(
        email=email, full_name=full_name.strip(), global_role=global_role, must_change_password=must_change
    )
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
        audit.record(actor=actor, action="accounts.user.created", obj=user, before={})
    return user


def user_update(*, actor: User, user: User, full_name: str, global_role: str, is_active: bool) -> User:
    before = audit.snapshot(user)
    user.full_name = full_name.strip()
    user.global_role = global_role
    user.is_active = is_active
    user.full_clean()
    with transaction.atomic():
        user.version += 1
        user.save()
        audit.record(actor=actor, action="accounts.user.changed", obj=user, before=before)
        if not user.is_active:
            tokens_revoke_all(actor=actor, person=user)
    return user


def user_password_changed(*, actor: User | None, user: User) -> int:
    """After a new password is saved (changed, reset or set by an administrator): a token made
    under the old one may have leaked with it, so every token goes."""
    with transaction.atomic():
        if user.must_change_password and actor == user:
            User.objects.filter(pk=user.pk).update(must_change_password=False)
            user.must_change_password = False
        audit.record(
            actor=actor,
            action="accounts.user.password_changed",
            obj=user,
            before={},
            after={"password": "changed"},
        )
        return tokens_revoke_all(actor=actor, person=user)


def user_password_reset(*, user: User) -> int:
    """After someone proved by email that they are this person and chose a new password: their
    tokens go, and so does any lock-out of their email, so the real person can sign in again."""
    from axes.utils import reset as axes_reset

    axes_reset(username=user.email)
    return user_password_changed(actor=user, user=user)


def membership_set(*, actor: User | None, person: User, organisation: Organisation, role: str) -> Membership:
    if role not in MemberRole.values:
        raise ValidationError({"role": f"Unknown role {role!r}: choose editor or viewer."})
    with transaction.atomic():
        membership = Membership.objects.filter(person=person, organisation=organisation).first()
        if membership is None:
            membership = Membership.objects.create(person=person, organisation=organisation, role=role)
            audit.record(actor=actor, action="accounts.membership.created", obj=membership, before={})
        elif membership.role != role:
            before = audit.snapshot(membership)
            membership.role = role
            membership.save()
            audit.record(actor=actor, action="accounts.membership.changed", obj=membership, before=before)
    return membership


def membership_remove(*, actor: User, membership: Membership) -> None:
    audit.delete(actor=actor, action="accounts.membership.deleted", obj=membership)


def token_create(
    *, person: User, name: str, scope: str = TokenScope.READ, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with the raw value, which is never stored and shown only now."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, so you can tell your tokens apart."})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": f"Unknown scope {scope!r}: choose read or write."})
    longest = settings.PANORAMA_TOKEN_DAYS
    days = longest if days is None else days
    if not 1 <= days <= longest:
        raise ValidationError({"days": f"A token lasts from 1 to {longest} days."})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            person=person,
            name=name[:100],
            prefix=raw[:10],
            token_hash=hash_token(raw),
            scope=scope,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        audit.record(actor=person, action="accounts.token.created", obj=token, before={})
    return token, raw


def token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    before = audit.snapshot(token)
    token.revoked_at = timezone.now()
    with transaction.atomic():
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="accounts.token.revoked", obj=token, before=before)


def tokens_revoke_all(*, actor: User | None, person: User) -> int:
    tokens = list(person.api_tokens.filter(revoked_at__isnull=True))
    for token in tokens:
        token_revoke(actor=actor, token=token)
    return len(tokens)


def token_authenticate(*, raw: str) -> ApiToken | None:
    """The active token this raw value is, with its person; None if unknown, revoked or expired."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("person")
        .filter(
            token_hash=hash_token(raw), revoked_at__isnull=True, expires_at__gt=now, person__is_active=True
        )
        .first()
    )
    if token is None:
        return None
    # Record use at most once a minute: a busy client should not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token

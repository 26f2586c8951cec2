import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone

from panorama.organisations.models import Organisation


class GlobalRole(models.TextChoices):
    NONE = "", "None"
    ANALYST = "analyst", "Portfolio analyst"
    AUDITOR = "auditor", "Auditor"
    ADMIN = "admin", "Administrator"


class MemberRole(models.TextChoices):
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person who signs in with an email address. What they may do comes from
    `global_role` and their memberships, decided in `panorama.accounts.permissions` alone."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    global_role = models.CharField(max_length=20, choices=GlobalRole.choices, blank=True, default="")
    is_active = models.BooleanField(default=True)
    # Set when an administrator chose the password: the person must choose their own at sign-in.
    must_change_password = models.BooleanField(default=False)
    # Kept on the person, so that a signed-in request learns it without another query.
    has_two_factor = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>" if self.full_name else self.email


class Membership(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=MemberRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="one_membership_per_body"),
        ]

    def __str__(self) -> str:
        return f"{self.person.email}: {self.get_role_display()} of {self.organisation.short_name}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


def token_expiry() -> "timezone.datetime":
    return timezone.now() + timedelta(days=settings.PANORAMA_TOKEN_DAYS)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored; the token is shown once, at creation.
    It reads, or reads and writes, with at most its person's permissions, until it expires."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=token_expiry)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def active(self) -> bool:
        return self.revoked_at is None and not self.expired


class TwoFactor(models.Model):
    """A person's authenticator app (TOTP, RFC 6238). The secret is kept to check codes; the last
    accepted time step is kept so that one code cannot be used twice."""

    person = models.OneToOneField(User, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Two-factor sign-in for {self.person}"


class RecoveryCode(models.Model):
    """A one-use code for when the authenticator is lost. Only its SHA-256 hash is stored (each
    code is 48 random bits, too many to guess at the sign-in's pace); it is shown once."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Recovery code for {self.person}"

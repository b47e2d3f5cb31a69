import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        # Log-in is case-insensitive on the e-mail address.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    role = models.CharField(_("rôle"), max_length=20, choices=Role, default=Role.OBSERVATEUR)
    is_active = models.BooleanField(
        _("actif"),
        default=True,
        help_text=_("Décochez pour désactiver le compte immédiatement, sans le supprimer."),
    )
    is_staff = models.BooleanField(
        _("accès à l'administration technique"),
        default=False,
        help_text=_("Donne accès à l'interface d'administration de Django."),
    )
    date_joined = models.DateTimeField(_("date de création"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_admin(self) -> bool:
        """ANCT national administrator (or a technical superuser)."""
        return self.is_active and (self.is_superuser or self.role == Role.ADMIN)

    @property
    def is_national(self) -> bool:
        """An ANCT role: reads every site."""
        return self.is_admin or (self.is_active and self.role == Role.CHEF_DE_PROJET)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def usable(self):
        return self.pending().filter(expires_at__gt=timezone.now())

    def get_by_token(self, raw_token: str):
        return self.select_related("user").get(token_hash=_hash_token(raw_token))


class Invitation(models.Model):
    """An e-mailed, single-use, expiring link through which a new user sets a password.

    Only a hash of the token is stored: a leaked database gives no usable link.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur invité"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation de {self.user.email}"

    @classmethod
    def issue(cls, *, user, invited_by) -> tuple["Invitation", str]:
        """Create an invitation; return it with the raw token (to be e-mailed, never stored)."""
        raw_token = secrets.token_urlsafe(32)
        now = timezone.now()
        invitation = cls.objects.create(
            user=user,
            invited_by=invited_by,
            token_hash=_hash_token(raw_token),
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALIDITY_DAYS),
        )
        return invitation, raw_token

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.user.is_active
        )


API_TOKEN_PREFIX = "qic_"
# How often a token's « dernière utilisation » may be written: at most once a minute,
# so that an API client does not cost one UPDATE per request.
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def get_by_secret(self, raw: str) -> "ApiToken":
        """The token a raw secret belongs to (its user loaded too); DoesNotExist otherwise."""
        return self.select_related("user").get(token_hash=_hash_token(raw))


class ApiToken(models.Model):
    """A personal API token: one user's credentials for a script or a tool.

    The secret (``qic_`` + 43 random characters) is shown once at creation; only its
    SHA-256 is stored, with a few characters kept to recognise it in a list.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("nom"),
        max_length=100,
        help_text=_("Ce qui utilise ce jeton, par exemple « Tableau de bord Grist »."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("début du jeton"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'accès à l'API")
        verbose_name_plural = _("jetons d'accès à l'API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user, name: str, expires_at=None) -> tuple["ApiToken", str]:
        """Create a token; return it with the raw secret (to show once, never stored)."""
        raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            token_hash=_hash_token(raw),
            hint=raw[: len(API_TOKEN_PREFIX) + 6],
            expires_at=expires_at,
        )
        return token, raw

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired and self.user.is_active

    def touch(self, now=None) -> bool:
        """Record a use, unless one was recorded less than a minute ago. One conditional
        UPDATE, so that two simultaneous requests write at most once."""
        now = now or timezone.now()
        if self.last_used_at and now - self.last_used_at < API_TOKEN_TOUCH_INTERVAL:
            return False
        stale = models.Q(last_used_at__isnull=True) | models.Q(
            last_used_at__lt=now - API_TOKEN_TOUCH_INTERVAL
        )
        written = type(self).objects.filter(stale, pk=self.pk).update(last_used_at=now)
        if written:
            self.last_used_at = now
        return bool(written)

"""Reminders (the e-mails to send, one row each), in-app notifications, preferences and
the reminder settings. See docs/reminders.md."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import Delivery, ReminderStatus, Weekday
from notifications.querysets import (
    NotificationQuerySet,
    OwnRowsQuerySet,
    ReminderQuerySet,
    SupervisionQuerySet,
)

ONE_RECIPIENT = Q(user__isnull=False, personne__isnull=True) | Q(
    user__isnull=True, personne__isnull=False
)


class Reminder(models.Model):
    """One e-mail to send to one recipient about one object, for one occurrence.

    The unique key (kind, object, recipient, occurrence) is what makes every sweep
    idempotent: a second sweep, a rerun or a concurrent worker inserts nothing new,
    and a row is sent only by whoever claims it (status « en attente » → « en cours »).
    The occurrence is what the reminder is about (a due date, a meeting's date and
    time…): a rescheduled meeting gets a new reminder.
    """

    kind = models.CharField(_("type de rappel"), max_length=50)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type d'objet"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("identifiant de l'objet"))
    target = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("objet"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire (compte)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    personne = models.ForeignKey(
        "quartiers.Personne",
        verbose_name=_("destinataire (personne sans compte)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    email = models.EmailField(_("adresse"), blank=True)
    occurrence = models.CharField(_("occurrence"), max_length=40)
    data = models.JSONField(
        _("données"), default=dict, blank=True, help_text=_("Ce que le type de rappel a noté.")
    )
    delivery = models.CharField(
        _("remise"), max_length=20, choices=Delivery, default=Delivery.IMMEDIATE
    )
    due_at = models.DateTimeField(_("à envoyer à partir de"), default=timezone.now)
    status = models.CharField(
        _("état"), max_length=20, choices=ReminderStatus, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    digest = models.ForeignKey(
        "self",
        verbose_name=_("envoyé dans le résumé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        ordering = ["-due_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=ONE_RECIPIENT, name="reminder_one_recipient"),
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "user", "occurrence"],
                condition=Q(user__isnull=False),
                name="reminder_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "personne", "occurrence"],
                condition=Q(personne__isnull=False),
                name="reminder_once_per_personne",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["user", "status", "delivery"]),
        ]

    def __str__(self):
        return f"{self.kind} — {self.object_repr} → {self.email}"


class Notification(models.Model):
    """What the bell shows. Text and link are written once, at creation: listing
    notifications never loads the objects they are about. Kept 90 days by default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("type"), max_length=50)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("lien"), max_length=500)
    reminder = models.OneToOneField(
        Reminder,
        verbose_name=_("rappel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notification",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self):
        return self.message

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """One recipient's choice for one kind of reminder. No row: the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_preferences",
    )
    personne = models.ForeignKey(
        "quartiers.Personne",
        verbose_name=_("personne sans compte"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("type de rappel"), max_length=50)
    enabled = models.BooleanField(_("activé"), default=True)
    delivery = models.CharField(
        _("remise"), max_length=20, choices=Delivery, default=Delivery.DIGEST
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OwnRowsQuerySet.as_manager()

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [
            models.CheckConstraint(condition=ONE_RECIPIENT, name="preference_one_recipient"),
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(user__isnull=False),
                name="preference_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["personne", "kind"],
                condition=Q(personne__isnull=False),
                name="preference_once_per_personne",
            ),
        ]

    def __str__(self):
        return f"{self.user or self.personne} — {self.kind}"


def _days(label, default, low, high, help_text=""):
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
        help_text=help_text,
    )


class ReminderSettings(models.Model):
    """Delays and hours of the reminders, set by ANCT administrators. One row (pk 1);
    until it is first saved, the defaults apply."""

    SINGLETON_PK = 1

    inactivity_days = _days(
        _("site sans activité : après combien de jours"),
        60,
        7,
        365,
        _(
            "Le chef de projet et le centre de ressources sont prévenus, puis de nouveau à "
            "chaque nouvelle période de silence de même durée."
        ),
    )
    commitment_notice_days = _days(
        _("engagement : rappel combien de jours avant l'échéance"), 3, 0, 60
    )
    commitment_escalation_days = _days(
        _("engagement en retard : l'animateur·rice est prévenu·e après combien de jours"),
        7,
        1,
        90,
    )
    meeting_notice_days = _days(_("réunion : rappel combien de jours avant"), 2, 0, 30)
    measurement_notice_days = _days(
        _("mesure d'indicateur : rappel combien de jours avant la date prévue"), 7, 0, 60
    )
    send_hour = _days(
        _("heure d'envoi des rappels"),
        8,
        0,
        23,
        _("Un rappel qui tombe un jour donné part à partir de cette heure-là."),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("jour du résumé hebdomadaire"), choices=Weekday, default=Weekday.MONDAY
    )
    digest_hour = _days(_("heure du résumé hebdomadaire"), 8, 0, 23)
    max_attempts = _days(
        _("tentatives d'envoi avant échec"),
        5,
        1,
        20,
        _("Après la dernière, le rappel passe en « échec » et apparaît en supervision."),
    )
    notification_retention_days = _days(_("notifications conservées combien de jours"), 90, 7, 730)
    updated_at = models.DateTimeField(_("modifiés le"), auto_now=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("réglages des rappels")
        verbose_name_plural = _("réglages des rappels")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="reminder_settings_singleton"),
        ]

    def __str__(self):
        return str(_("Réglages des rappels"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "ReminderSettings":
        """The saved settings, or the defaults (unsaved: reading never writes)."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)

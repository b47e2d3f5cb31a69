"""Meetings (réunions) of a cercle: agenda, attendance, minutes and documents."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cercles.enums import AttendanceStatus, MeetingStatus, ReplyAnswer
from cercles.querysets import MeetingQuerySet
from qic import dates
from quartiers.querysets import SiteScopedQuerySet


class Meeting(models.Model):
    """One meeting of a cercle, numbered within it (n° 1, 2, …).

    ``uid`` names the meeting for calendar clients and never changes; ``ical_sequence``
    goes up each time what a calendar shows (time, place, status) changes, so clients
    that subscribed replace their copy.
    """

    # Fields a calendar client shows: a change to one of them is a new revision.
    CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "video_url", "status")

    cercle = models.ForeignKey(
        "cercles.Cercle",
        verbose_name=_("cercle"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    sequence = models.PositiveIntegerField(_("numéro"), editable=False)
    starts_at = dates.plausible(models.DateTimeField(_("début")))
    ends_at = dates.plausible(models.DateTimeField(_("fin")))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=MeetingStatus, default=MeetingStatus.PREVUE
    )
    minutes = models.TextField(
        _("compte rendu"),
        blank=True,
        help_text=_("En Markdown : **gras**, *italique*, listes avec « - », titres avec « ## »."),
    )
    uid = models.UUIDField(
        _("identifiant d'agenda"), default=uuid.uuid4, unique=True, editable=False
    )
    ical_sequence = models.PositiveIntegerField(_("révision d'agenda"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    site_path = "cercle__site"

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cercle", "sequence"], name="meeting_unique_sequence_per_cercle"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("La fin de la réunion doit suivre son début."),
            ),
        ]
        indexes = [
            models.Index(fields=["cercle", "starts_at"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.cercle} — réunion n° {self.sequence} du {local:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.sequence is None and self.cercle_id:
            last = (
                Meeting.objects.filter(cercle_id=self.cercle_id)
                .order_by("-sequence")
                .values_list("sequence", flat=True)
                .first()
            )
            self.sequence = (last or 0) + 1
        loaded = getattr(self, "_loaded_calendar_values", None)
        if self.pk and loaded is not None and loaded != self._calendar_values():
            self.ical_sequence += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "ical_sequence", "updated_at"}
        super().save(*args, **kwargs)
        self._loaded_calendar_values = self._calendar_values()

    def get_absolute_url(self):
        return reverse("cercles:meeting_detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_calendar_values = instance._calendar_values()
        return instance

    def _calendar_values(self):
        return tuple(getattr(self, name, None) for name in self.CALENDAR_FIELDS)

    @property
    def label(self) -> str:
        return gettext("Réunion n° %(number)s") % {"number": self.sequence}

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.ANNULEE

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.TENUE

    @property
    def is_ahead(self) -> bool:
        """Planned and not begun: nothing can have been recorded yet (attendance, minutes,
        decisions, commitments)."""
        return self.status == MeetingStatus.PREVUE and self.starts_at > timezone.now()

    @property
    def local_date(self):
        return timezone.localdate(self.starts_at)


class AgendaItem(models.Model):
    """One point of a meeting's agenda, in order; it may follow up a commitment or a
    decision of an earlier meeting (set when the meeting was prepared from the last one)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    title = models.CharField(_("point"), max_length=255)
    notes = models.TextField(_("précisions"), blank=True)
    commitment = models.ForeignKey(
        "cercles.Commitment",
        verbose_name=_("engagement suivi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        editable=False,
    )
    decision = models.ForeignKey(
        "cercles.Decision",
        verbose_name=_("décision revue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        editable=False,
    )

    objects = SiteScopedQuerySet.as_manager()
    site_path = "meeting__cercle__site"

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("points de l'ordre du jour")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Whether a member came to a meeting."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        "cercles.CercleMember",
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    status = models.CharField(_("présence"), max_length=20, choices=AttendanceStatus)

    objects = SiteScopedQuerySet.as_manager()
    site_path = "meeting__cercle__site"

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique"),
        ]

    def __str__(self):
        return f"{self.member.personne} : {self.get_status_display()}"


def document_path(instance, filename):
    """A random name under ``MEDIA_ROOT/cercles/``, without the user's file name or
    extension: the original name is kept in the database, for the download only."""
    return str(PurePosixPath("cercles", "documents", uuid.uuid4().hex))


class MeetingDocument(models.Model):
    """A file attached to a meeting, served only through a view that checks access."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("fichier"), upload_to=document_path, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    objects = SiteScopedQuerySet.as_manager()
    site_path = "meeting__cercle__site"

    class Meta:
        verbose_name = _("document de réunion")
        verbose_name_plural = _("documents de réunion")
        ordering = ["meeting", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("cercles:document_download", args=[self.pk])


class MeetingReply(models.Model):
    """Before a meeting, whether a member says they will come (« viendra », « ne viendra
    pas », « peut-être »); what happened is ``Attendance``."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("réunion"), on_delete=models.CASCADE, related_name="replies"
    )
    member = models.ForeignKey(
        "cercles.CercleMember",
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="meeting_replies",
    )
    answer = models.CharField(_("réponse"), max_length=20, choices=ReplyAnswer)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()
    site_path = "meeting__cercle__site"

    class Meta:
        verbose_name = _("réponse à une invitation")
        verbose_name_plural = _("réponses aux invitations")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="meeting_reply_one_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.member.personne} : {self.get_answer_display()}"

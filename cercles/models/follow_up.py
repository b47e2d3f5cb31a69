"""What a meeting produces: decisions (revisited on a review date) and commitments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercles.enums import CommitmentStatus
from cercles.querysets import CommitmentQuerySet
from qic import dates
from quartiers.querysets import SiteScopedQuerySet


def _cercle_cached(meeting) -> bool:
    return "cercle" in meeting._state.fields_cache


class Decision(models.Model):
    """A decision of a cercle's register, taken in a meeting or by closing a proposal
    between meetings (then ``meeting`` is empty); a review date puts it back on a later
    agenda. ``cercle`` is the meeting's when there is one (set on save)."""

    cercle = models.ForeignKey(
        "cercles.Cercle",
        verbose_name=_("cercle"),
        on_delete=models.CASCADE,
        related_name="decisions",
        editable=False,
    )
    meeting = models.ForeignKey(
        "cercles.Meeting",
        verbose_name=_("réunion"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("décision"))
    review_on = dates.plausible(
        models.DateField(
            _("à revoir le"),
            null=True,
            blank=True,
            help_text=_(
                "La décision reviendra à l'ordre du jour de la réunion qui suit cette date."
            ),
        )
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("saisie le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()
    site_path = "cercle__site"

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["meeting", "created_at", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def save(self, *args, **kwargs):
        if self.meeting_id and not self.cercle_id:
            meeting = self.meeting
            if _cercle_cached(meeting):
                self.cercle = meeting.cercle
            else:
                self.cercle_id = meeting.cercle_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.meeting_id is None:
            return f"{self.cercle.get_absolute_url()}#decision-{self.pk}"
        return f"{self.meeting.get_absolute_url()}#decision-{self.pk}"

    @property
    def taken_at(self):
        """When it was taken: its meeting's start, or when it was recorded."""
        return self.meeting.starts_at if self.meeting_id else self.created_at


class Commitment(models.Model):
    """Someone of the cercle commits to do something by a date.

    Overdue: still « à faire » and due before today. It stays visible (cercle page,
    meeting page, « mes engagements », the site journal) until it is done or abandoned.
    """

    meeting = models.ForeignKey(
        "cercles.Meeting",
        verbose_name=_("réunion"),
        on_delete=models.CASCADE,
        related_name="commitments",
        help_text=_("La réunion où l'engagement a été pris."),
    )
    text = models.TextField(_("engagement"))
    owner = models.ForeignKey(
        "quartiers.Personne",
        verbose_name=_("porté par"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    due_on = dates.plausible(models.DateField(_("échéance")))
    action = models.ForeignKey(
        "visions.Action",
        verbose_name=_("action du plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        help_text=_("L'action du plan d'action que cet engagement fait avancer, s'il y en a une."),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=CommitmentStatus, default=CommitmentStatus.A_FAIRE
    )
    done_on = dates.plausible(models.DateField(_("fait le"), null=True, blank=True))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("saisi le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()
    site_path = "meeting__cercle__site"

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CommitmentStatus.FAIT, done_on__isnull=False)
                | (~Q(status=CommitmentStatus.FAIT) & Q(done_on__isnull=True)),
                name="commitment_done_on_iff_done",
                violation_error_message=_(
                    "Un engagement fait a une date de réalisation, et lui seul."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["updated_at", "id"]),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def get_absolute_url(self):
        return reverse("cercles:commitment_edit", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == CommitmentStatus.A_FAIRE

    @property
    def days_late(self) -> int:
        """Days past the due date while still to do; 0 when not late."""
        if not self.is_open:
            return 0
        return max(0, (timezone.localdate() - self.due_on).days)

    @property
    def is_overdue(self) -> bool:
        return self.days_late > 0

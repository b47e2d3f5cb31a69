"""The action plan: actions serving the vision's objectives, and their milestones."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qic import dates
from qic.models import NormalizedDecimalsMixin
from quartiers.querysets import SiteScopedQuerySet
from visions.enums import ActionStatus


class Action(NormalizedDecimalsMixin, models.Model):
    """Mutually reinforcing activities: what a structure does, with partners, to serve
    one or more objectives of the site's vision."""

    site = models.ForeignKey(
        "quartiers.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    objectives = models.ManyToManyField(
        "visions.Objective",
        verbose_name=_("objectifs servis"),
        blank=True,
        related_name="actions",
    )
    porteur = models.ForeignKey(
        "quartiers.Structure",
        verbose_name=_("porteur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_portees",
    )
    partners = models.ManyToManyField(
        "quartiers.Structure",
        verbose_name=_("partenaires"),
        blank=True,
        related_name="actions_partenaires",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ActionStatus, default=ActionStatus.IDEE
    )
    start_date = dates.plausible(models.DateField(_("début"), null=True, blank=True))
    end_date = dates.plausible(models.DateField(_("fin"), null=True, blank=True))
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    budget = models.DecimalField(
        _("budget (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    funders = models.CharField(
        _("financeurs"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple « État (BOP 147), Ville, CAF »."),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["title", "pk"]
        indexes = [
            models.Index(fields=["site", "status"]),
            models.Index(fields=["updated_at", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="action_end_after_start",
                violation_error_message=_("La fin de l'action précède son début."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="action_progress_at_most_100",
                violation_error_message=_("L'avancement ne peut pas dépasser 100 %."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("visions:action_detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin de l'action précède son début.")})

    def next_statuses(self) -> list[ActionStatus]:
        return ActionStatus(self.status).next_statuses()


class Milestone(models.Model):
    site_path = "action__site"

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    due_date = dates.plausible(models.DateField(_("échéance")))
    done = models.BooleanField(_("atteint"), default=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return f"{self.title} ({self.due_date:%d/%m/%Y})"

    def is_late(self, today) -> bool:
        return not self.done and self.due_date < today

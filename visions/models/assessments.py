"""The site's self-assessment against the five conditions of collective impact."""

import dataclasses

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qic import dates
from quartiers.querysets import SiteScopedQuerySet
from visions.enums import Condition, Score


@dataclasses.dataclass(frozen=True)
class ConditionScore:
    condition: Condition
    score: int
    comment: str

    @property
    def label(self) -> str:
        return Score(self.score).label


def _score(condition: Condition):
    return models.PositiveSmallIntegerField(condition.label, choices=Score)


def _comment(condition: Condition):
    return models.TextField(format_lazy(_("commentaire — {}"), condition.label), blank=True)


class SelfAssessment(models.Model):
    """A dated self-assessment: each of the five conditions scored 1 to 4, with a comment.

    The fields go by condition: ``<condition>_score`` and ``<condition>_comment``, where
    ``<condition>`` is a ``visions.enums.Condition`` value; ``scores()`` lists them.
    """

    site = models.ForeignKey(
        "quartiers.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    date = dates.plausible(models.DateField(_("date")))
    common_agenda_score = _score(Condition.COMMON_AGENDA)
    common_agenda_comment = _comment(Condition.COMMON_AGENDA)
    shared_measurement_score = _score(Condition.SHARED_MEASUREMENT)
    shared_measurement_comment = _comment(Condition.SHARED_MEASUREMENT)
    reinforcing_activities_score = _score(Condition.REINFORCING_ACTIVITIES)
    reinforcing_activities_comment = _comment(Condition.REINFORCING_ACTIVITIES)
    communication_score = _score(Condition.COMMUNICATION)
    communication_comment = _comment(Condition.COMMUNICATION)
    backbone_score = _score(Condition.BACKBONE)
    backbone_comment = _comment(Condition.BACKBONE)
    author = models.ForeignKey(
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

    class Meta:
        verbose_name = _("auto-évaluation des cinq conditions")
        verbose_name_plural = _("auto-évaluations des cinq conditions")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "date"],
                name="self_assessment_one_per_day",
                violation_error_message=_(
                    "Une auto-évaluation existe déjà à cette date pour ce site."
                ),
            ),
        ]

    def __str__(self):
        return _("Auto-évaluation du %(date)s") % {"date": self.date.strftime("%d/%m/%Y")}

    def get_absolute_url(self):
        return reverse("visions:assessment_detail", args=[self.pk])

    def scores(self) -> list[ConditionScore]:
        return [
            ConditionScore(
                condition,
                getattr(self, f"{condition.value}_score"),
                getattr(self, f"{condition.value}_comment"),
            )
            for condition in Condition
        ]

    def total(self) -> int:
        return sum(item.score for item in self.scores())

"""Proposals: what a cercle decides between its meetings (avis, consentement, choix,
date, volontaires), their options and the members' answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercles.enums import AnswerValue, ProposalForm, ProposalStatus
from cercles.querysets import ProposalQuerySet
from qic import dates
from quartiers.querysets import SiteScopedQuerySet


class Proposal(models.Model):
    """A question put to the members of a cercle until a closing date.

    Answers are accepted while it is open and its closing date has not passed; closing
    it (the animateur) writes the outcome, which becomes a ``Decision`` of the cercle.
    """

    cercle = models.ForeignKey(
        "cercles.Cercle",
        verbose_name=_("cercle"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    form = models.CharField(_("forme"), max_length=20, choices=ProposalForm)
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("proposition"), blank=True)
    closes_at = dates.plausible(models.DateTimeField(_("clôture le")))
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        null=True,
        blank=True,
        help_text=_("Nombre de réponses attendues pour que la proposition soit valable."),
    )
    hide_results = models.BooleanField(_("résultats cachés jusqu'à la clôture"), default=False)
    anonymous = models.BooleanField(
        _("réponses anonymes"),
        default=False,
        help_text=_("Seulement pour un choix : les noms ne sont pas montrés."),
    )
    multiple = models.BooleanField(
        _("plusieurs options possibles"), default=False, help_text=_("Pour un choix.")
    )
    max_volunteers = models.PositiveSmallIntegerField(
        _("nombre de volontaires recherchés"), null=True, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ProposalStatus, default=ProposalStatus.OUVERTE
    )
    outcome = models.TextField(_("issue"), blank=True)
    decision = models.OneToOneField(
        "cercles.Decision",
        verbose_name=_("décision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        editable=False,
    )
    meeting = models.ForeignKey(
        "cercles.Meeting",
        verbose_name=_("réunion fixée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouverte par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    opened_at = models.DateTimeField(_("ouverte le"), default=timezone.now, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("close par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ProposalQuerySet.as_manager()
    site_path = "cercle__site"

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-opened_at", "pk"]
        indexes = [
            models.Index(fields=["status", "closes_at"]),
            models.Index(fields=["updated_at", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(form=ProposalForm.CHOIX),
                name="proposal_anonymous_only_choix",
                violation_error_message=_("Seul un choix peut être anonyme."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opened_at")),
                name="proposal_closes_after_opening",
                violation_error_message=_("La clôture doit suivre l'ouverture."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cercles:proposal_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == ProposalStatus.CLOSE

    def accepts_answers(self, now=None) -> bool:
        """Open, and its closing date not passed."""
        now = now or timezone.now()
        return self.status == ProposalStatus.OUVERTE and now < self.closes_at

    @property
    def results_visible(self) -> bool:
        return self.is_closed or not self.hide_results


class ProposalOption(models.Model):
    """One option of a choice, or one candidate date of a date poll."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("option"), max_length=200, blank=True)
    starts_at = dates.plausible(models.DateTimeField(_("début"), null=True, blank=True))
    ends_at = dates.plausible(models.DateTimeField(_("fin"), null=True, blank=True))

    objects = SiteScopedQuerySet.as_manager()
    site_path = "proposal__cercle__site"

    class Meta:
        verbose_name = _("option d'une proposition")
        verbose_name_plural = _("options des propositions")
        ordering = ["proposal", "position", "pk"]

    def __str__(self):
        if self.starts_at:
            local = timezone.localtime(self.starts_at)
            return self.label or f"{local:%d/%m/%Y %H:%M}"
        return self.label


class ProposalAnswer(models.Model):
    """A member's answer: to the proposal itself (avis, consentement, volontaires) or to
    one of its options (choix, date). Changed in place until the proposal closes."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="answers"
    )
    member = models.ForeignKey(
        "cercles.CercleMember",
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        related_name="proposal_answers",
    )
    option = models.ForeignKey(
        ProposalOption,
        verbose_name=_("option"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
    )
    value = models.CharField(_("réponse"), max_length=20, choices=AnswerValue)
    reason = models.TextField(_("raison ou commentaire"), blank=True)
    created_at = models.DateTimeField(_("répondu le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SiteScopedQuerySet.as_manager()
    site_path = "proposal__cercle__site"

    class Meta:
        verbose_name = _("réponse à une proposition")
        verbose_name_plural = _("réponses aux propositions")
        ordering = ["proposal", "option", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member"],
                condition=Q(option__isnull=True),
                name="proposal_answer_one_per_member",
            ),
            models.UniqueConstraint(
                fields=["option", "member"],
                condition=Q(option__isnull=False),
                name="proposal_answer_one_per_member_option",
            ),
        ]

    def __str__(self):
        return f"{self.member.personne} : {self.get_value_display()}"

"""Money behind the vision: the funding lines of an action, and the « appel à vision »
(calls, their envelopes and criteria, proposals, reviews)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financements.enums import Decision, FunderKind, FundingStatus, ProposalStatus
from financements.validators import validate_rna
from qic import dates
from qic.models import NormalizedDecimalsMixin
from quartiers.querysets import VIEW, SiteScopedQuerySet, is_signed_in
from quartiers.validators import validate_siret

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class FundingLineQuerySet(SiteScopedQuerySet):
    def granted(self):
        """Lines whose money was granted (accordé, versé en partie, soldé)."""
        return self.filter(status__in=FundingStatus.granted_statuses())


class FundingLine(NormalizedDecimalsMixin, models.Model):
    """What one funder gives (or was asked) for one action in one year, in euros."""

    site_path = "action__site"

    action = models.ForeignKey(
        "visions.Action",
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="funding_lines",
    )
    funder = models.ForeignKey(
        "quartiers.Structure",
        verbose_name=_("financeur"),
        on_delete=models.PROTECT,
        related_name="funding_lines_given",
    )
    funder_kind = models.CharField(_("type de financeur"), max_length=20, choices=FunderKind)
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    requested = models.DecimalField(
        _("montant demandé (€)"), **AMOUNT, validators=[MinValueValidator(Decimal(0))]
    )
    granted = models.DecimalField(
        _("montant accordé (€)"),
        **AMOUNT,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    paid = models.DecimalField(
        _("montant versé (€)"),
        **AMOUNT,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    excess_confirmed = models.BooleanField(
        _("montant accordé supérieur au montant demandé, confirmé"), default=False
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=FundingStatus, default=FundingStatus.DEMANDE
    )
    reference = models.CharField(
        _("référence"),
        max_length=100,
        blank=True,
        help_text=_("Numéro du dossier Dauphin ou référence propre au financeur."),
    )
    convention_date = dates.plausible(
        models.DateField(_("date de la convention"), null=True, blank=True)
    )
    beneficiary_siret = models.CharField(
        _("SIRET du bénéficiaire"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres."),
    )
    beneficiary_rna = models.CharField(
        _("RNA du bénéficiaire"),
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text=_("W suivi de 9 chiffres, pour une association."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = FundingLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        ordering = ["-year", "funder_kind", "pk"]
        indexes = [
            models.Index(fields=["action", "year"]),
            models.Index(fields=["year", "status"]),
            models.Index(fields=["updated_at", "id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested__gte=0) & Q(paid__gte=0) & Q(granted__gte=0)
                | Q(requested__gte=0) & Q(paid__gte=0) & Q(granted__isnull=True),
                name="funding_amounts_not_negative",
                violation_error_message=_("Un montant ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(paid__lte=F("granted")) | Q(granted__isnull=True, paid=0),
                name="funding_paid_at_most_granted",
                violation_error_message=_("Le montant versé dépasse le montant accordé."),
            ),
        ]

    def __str__(self):
        return f"{self.funder} — {self.year}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("financements:action_funding", args=[self.action_id]) + f"#ligne-{self.pk}"

    @property
    def site_id(self):
        return self.action.site_id

    def clean(self):
        errors = {}
        requested, granted, paid = self.requested, self.granted, self.paid or Decimal(0)
        over_request = granted is not None and requested is not None and granted > requested
        if over_request and not self.excess_confirmed:
            errors["granted"] = _(
                "Le montant accordé dépasse le montant demandé : cochez la case de "
                "confirmation si c'est bien le cas."
            )
        if paid and (granted is None or paid > granted):
            errors["paid"] = _("Le montant versé dépasse le montant accordé.")
        status = self.status
        if status in FundingStatus.granted_statuses():
            if granted is None:
                errors.setdefault("granted", _("Un financement accordé a un montant accordé."))
            if self.convention_date is None:
                errors["convention_date"] = _(
                    "La date de la convention (ou de l'arrêté) est nécessaire dès que le "
                    "financement est accordé."
                )
        if status in (FundingStatus.DEMANDE, FundingStatus.REFUSE) and paid:
            errors.setdefault("paid", _("Rien n'est versé sur un financement demandé ou refusé."))
        partly = status == FundingStatus.VERSE_EN_PARTIE and granted is not None
        if partly and "paid" not in errors and not (0 < paid < granted):
            errors["paid"] = _(
                "Versé en partie : le montant versé est entre zéro et le montant accordé."
            )
        if status == FundingStatus.SOLDE and granted is not None and paid != granted:
            errors.setdefault("paid", _("Soldé : le montant versé est égal au montant accordé."))
        if errors:
            raise ValidationError(errors)


# The appel à vision ----------------------------------------------------------------


class CallScopedQuerySet(SiteScopedQuerySet):
    """Rows of a call: as their site for those who see it; the reviewers of the call
    (members of its reviewing cercles) read them too."""

    call_path = "call"

    def for_user(self, user, action: str = VIEW):
        scoped = super().for_user(user, action)
        if action != VIEW or not is_signed_in(user):
            return scoped
        from cercles.models import CercleMember
        from quartiers.models import Site

        sites = Site.objects.for_user(user, VIEW).values("pk")
        reviewing = Call.reviewer_cercles.through.objects.filter(
            call=OuterRef(self.call_path or "pk"),
            cercle__in=CercleMember.objects.filter(
                personne__user=user, left_on__isnull=True
            ).values("cercle"),
        )
        path = getattr(self.model, "site_path", "site")
        return self.filter(Q(**{f"{path}__in": sites}) | Exists(reviewing))


class CallQuerySet(CallScopedQuerySet):
    call_path = ""


class Call(models.Model):
    """An appel à vision: proposals invited against the vision's objectives."""

    site = models.ForeignKey(
        "quartiers.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="calls"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    objectives = models.ManyToManyField(
        "visions.Objective", verbose_name=_("objectifs visés"), related_name="calls"
    )
    opens_on = dates.plausible(models.DateField(_("ouverture le")))
    closes_on = dates.plausible(
        models.DateField(_("clôture le"), help_text=_("Dernier jour pour déposer."))
    )
    reviewer_cercles = models.ManyToManyField(
        "cercles.Cercle",
        verbose_name=_("cercles qui évaluent"),
        blank=True,
        related_name="calls_reviewed",
        help_text=_("Les membres de ces cercles notent les propositions."),
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel à vision")
        verbose_name_plural = _("appels à vision")
        ordering = ["-opens_on", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="call_closes_after_opening",
                violation_error_message=_("La clôture précède l'ouverture."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("financements:call_detail", args=[self.pk])

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("La clôture précède l'ouverture.")})

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    def is_closed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.closes_on


class CallEnvelope(NormalizedDecimalsMixin, models.Model):
    """What one funder puts into the call."""

    site_path = "call__site"

    call = models.ForeignKey(
        Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="envelopes"
    )
    funder = models.ForeignKey(
        "quartiers.Structure",
        verbose_name=_("financeur"),
        on_delete=models.PROTECT,
        related_name="call_envelopes",
    )
    funder_kind = models.CharField(_("type de financeur"), max_length=20, choices=FunderKind)
    amount = models.DecimalField(
        _("enveloppe (€)"), **AMOUNT, validators=[MinValueValidator(Decimal(0))]
    )

    objects = CallScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("enveloppe d'un appel")
        verbose_name_plural = _("enveloppes des appels")
        ordering = ["call", "funder_kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "funder"], name="envelope_one_per_funder"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="envelope_not_negative"),
        ]

    def __str__(self):
        return f"{self.funder} — {self.amount} €"


class Criterion(models.Model):
    """One line of the call's scoring grid."""

    site_path = "call__site"

    call = models.ForeignKey(
        Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="criteria"
    )
    label = models.CharField(_("critère"), max_length=200)
    max_score = models.PositiveSmallIntegerField(
        _("note maximale"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    position = models.PositiveSmallIntegerField(_("rang"), default=0)

    objects = CallScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("critère d'évaluation")
        verbose_name_plural = _("critères d'évaluation")
        ordering = ["call", "position", "pk"]

    def __str__(self):
        return self.label


class ProposalChildQuerySet(CallScopedQuerySet):
    call_path = "proposal__call"


class ReviewQuerySet(ProposalChildQuerySet):
    pass


class ScoreQuerySet(CallScopedQuerySet):
    call_path = "review__proposal__call"


class ProposalQuerySet(CallScopedQuerySet):
    def counted(self):
        """Proposals whose carrier confirmed the address (or entered by the trinôme)."""
        return self.exclude(status=ProposalStatus.A_CONFIRMER)


class Proposal(NormalizedDecimalsMixin, models.Model):
    """An answer to a call, often carried by several partners together."""

    site_path = "call__site"

    call = models.ForeignKey(
        Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="proposals"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    summary = models.TextField(_("résumé"))
    lead_name = models.CharField(_("structure porteuse"), max_length=200)
    lead_siret = models.CharField(
        _("SIRET de la structure porteuse"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres."),
    )
    lead_rna = models.CharField(
        _("RNA de la structure porteuse"),
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text=_("W suivi de 9 chiffres, pour une association."),
    )
    partners = models.TextField(
        _("partenaires"), blank=True, help_text=_("Une structure par ligne.")
    )
    objectives = models.ManyToManyField(
        "visions.Objective", verbose_name=_("objectifs servis"), related_name="proposals"
    )
    contact_name = models.CharField(_("contact"), max_length=150)
    contact_email = models.EmailField(_("adresse électronique du contact"))
    status = models.CharField(
        _("statut"), max_length=20, choices=ProposalStatus, default=ProposalStatus.DEPOSEE
    )
    # The carrier's link (confirmation, then edits until closing): only its hash is kept.
    carrier_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    decision = models.CharField(_("décision"), max_length=30, choices=Decision, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    decided_on = dates.plausible(models.DateField(_("décidée le"), null=True, blank=True))
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("décidée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.OneToOneField(
        "visions.Action",
        verbose_name=_("action du plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    created_at = models.DateTimeField(_("déposée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["call", "created_at", "pk"]
        indexes = [models.Index(fields=["updated_at", "id"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("financements:proposal_detail", args=[self.pk])

    def partner_names(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]


class ProposalBudget(NormalizedDecimalsMixin, models.Model):
    """What a proposal asks of one funder of the call."""

    site_path = "proposal__call__site"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="budget"
    )
    envelope = models.ForeignKey(
        CallEnvelope, verbose_name=_("enveloppe"), on_delete=models.CASCADE, related_name="+"
    )
    amount = models.DecimalField(
        _("montant demandé (€)"), **AMOUNT, validators=[MinValueValidator(Decimal(0))]
    )

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget demandé")
        verbose_name_plural = _("budgets demandés")
        ordering = ["proposal", "envelope", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "envelope"], name="budget_one_per_envelope"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.envelope.funder} : {self.amount} €"


def proposal_document_path(instance, filename):
    """A random name, without the carrier's file name or extension."""
    import uuid
    from pathlib import PurePosixPath

    return str(PurePosixPath("financements", "documents", uuid.uuid4().hex))


class ProposalDocument(models.Model):
    """A file joined to a proposal, checked by its content like a meeting's documents."""

    site_path = "proposal__call__site"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("fichier"), upload_to=proposal_document_path, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("pièce jointe d'une proposition")
        verbose_name_plural = _("pièces jointes des propositions")
        ordering = ["proposal", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class Review(models.Model):
    """One reviewer's scores of one proposal, criterion by criterion, with a comment."""

    site_path = "proposal__call__site"

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposition"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        "accounts.User", verbose_name=_("évaluateur"), on_delete=models.CASCADE, related_name="+"
    )
    comment = models.TextField(_("commentaire"), blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["proposal", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "reviewer"], name="review_one_per_reviewer")
        ]

    def __str__(self):
        return f"{self.proposal} — {self.reviewer}"


class Score(models.Model):
    site_path = "review__proposal__call__site"

    review = models.ForeignKey(
        Review, verbose_name=_("évaluation"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("critère"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("note"))

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["review", "criterion", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_one_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion} : {self.value}"

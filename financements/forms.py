from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cercles.documents import ACCEPTED_EXTENSIONS, check_upload, max_size
from cercles.models import Cercle
from financements.enums import Decision
from financements.models import Call, CallEnvelope, Criterion, FundingLine, Proposal
from qic.forms import DateInput, DsfrForm, DsfrModelForm
from qic.idempotency import SubmissionTokenMixin
from qic.numbers import FrenchDecimalField
from quartiers.models import Structure
from quartiers.validators import normalize_code
from visions.models import Objective


def _not_negative(value):
    if value is not None and value < 0:
        raise ValidationError(_("Un montant ne peut pas être négatif."))
    return value


class FundingLineForm(SubmissionTokenMixin, DsfrModelForm):
    requested = FrenchDecimalField(label=_("Montant demandé (€)"))
    granted = FrenchDecimalField(label=_("Montant accordé (€)"), required=False)
    paid = FrenchDecimalField(label=_("Montant versé (€)"), required=False)

    class Meta:
        model = FundingLine
        fields = [
            "funder",
            "funder_kind",
            "year",
            "requested",
            "granted",
            "excess_confirmed",
            "paid",
            "status",
            "reference",
            "convention_date",
            "beneficiary_siret",
            "beneficiary_rna",
            "note",
        ]
        widgets = {"convention_date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Structure.objects.order_by("name")
        self.fields["year"].widget.attrs.update({"min": 1990, "max": 2100})

    def clean_requested(self):
        return _not_negative(self.cleaned_data["requested"])

    def clean_granted(self):
        return _not_negative(self.cleaned_data["granted"])

    def clean_paid(self):
        value = _not_negative(self.cleaned_data["paid"])
        return 0 if value is None else value

    def clean_beneficiary_siret(self):
        return normalize_code(self.cleaned_data["beneficiary_siret"]).replace(" ", "")

    def clean_beneficiary_rna(self):
        return normalize_code(self.cleaned_data["beneficiary_rna"])


# The appel à vision -------------------------------------------------------------------


class CallForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Call
        fields = ["title", "description", "objectives", "opens_on", "closes_on", "reviewer_cercles"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.CheckboxSelectMultiple,
            "reviewer_cercles": forms.CheckboxSelectMultiple,
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = Objective.objects.filter(vision__site=site).order_by(
            "position", "pk"
        )
        self.fields["reviewer_cercles"].queryset = Cercle.objects.filter(site=site).order_by("name")


class EnvelopeForm(SubmissionTokenMixin, DsfrModelForm):
    amount = FrenchDecimalField(label=_("Enveloppe (€)"))

    class Meta:
        model = CallEnvelope
        fields = ["funder", "funder_kind", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Structure.objects.order_by("name")

    def clean_amount(self):
        return _not_negative(self.cleaned_data["amount"])


class CriterionForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Criterion
        fields = ["label", "max_score"]


class ProposalForm(SubmissionTokenMixin, DsfrModelForm):
    """A proposal, with one amount per envelope of the call (``budget_<envelope pk>``)."""

    class Meta:
        model = Proposal
        fields = [
            "title",
            "summary",
            "lead_name",
            "lead_siret",
            "lead_rna",
            "partners",
            "objectives",
            "contact_name",
            "contact_email",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.instance.call = call
        self.fields["objectives"].queryset = call.objectives.order_by("position", "pk")
        self.envelopes = list(call.envelopes.select_related("funder"))
        current = {}
        if self.instance.pk:
            current = {b.envelope_id: b.amount for b in self.instance.budget.all()}
        for envelope in self.envelopes:
            self.fields[f"budget_{envelope.pk}"] = FrenchDecimalField(
                label=_("Montant demandé à %(funder)s (€)") % {"funder": envelope.funder.name},
                required=False,
                initial=current.get(envelope.pk),
            )
        self.fields["document"] = forms.FileField(
            label=_("Pièce jointe"),
            required=False,
            help_text=_("Types acceptés : %(types)s. Taille maximale : %(max)s Mo.")
            % {"types": ACCEPTED_EXTENSIONS, "max": max_size() // (1024 * 1024)},
        )

    def clean_lead_siret(self):
        return normalize_code(self.cleaned_data["lead_siret"]).replace(" ", "")

    def clean_lead_rna(self):
        return normalize_code(self.cleaned_data["lead_rna"])

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            self.doctype = check_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        for envelope in self.envelopes:
            _not_negative_field(self, f"budget_{envelope.pk}")
        return cleaned

    def budget(self) -> dict:
        """Envelope → amount asked (amounts left empty are not asked)."""
        return {
            envelope: self.cleaned_data[f"budget_{envelope.pk}"]
            for envelope in self.envelopes
            if self.cleaned_data.get(f"budget_{envelope.pk}") is not None
        }


def _not_negative_field(form, name):
    value = form.cleaned_data.get(name)
    if value is not None and value < 0:
        form.add_error(name, _("Un montant ne peut pas être négatif."))


class ReviewForm(SubmissionTokenMixin, DsfrForm):
    """One score per criterion of the call, and a comment."""

    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        current = {}
        if review is not None:
            current = {score.criterion_id: score.value for score in review.scores.all()}
            self.fields["comment"].initial = review.comment
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s (sur %(max)s)")
                % {"criterion": criterion.label, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                initial=current.get(criterion.pk),
            )
        self.order_fields([f"score_{c.pk}" for c in criteria] + ["comment"])

    def scores(self) -> dict:
        return {c: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class DecisionForm(SubmissionTokenMixin, DsfrForm):
    decision = forms.ChoiceField(label=_("Décision"), choices=Decision.choices)
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Envoyé au contact de la proposition avec la décision."),
    )


class FundingImportForm(SubmissionTokenMixin, DsfrForm):
    file = forms.FileField(
        label=_("Fichier CSV au format SCDL « Subventions »"),
        help_text=_("UTF-8 ou Windows-1252, séparateur « ; » ou « , », 2 Mo au plus."),
    )

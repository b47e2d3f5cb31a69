from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from financements.models import FundingLine
from qic.forms import DateInput, DsfrModelForm
from qic.idempotency import SubmissionTokenMixin
from qic.numbers import FrenchDecimalField
from quartiers.models import Structure
from quartiers.validators import normalize_code


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

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.enums import Field, Origin
from cooperation.models import Link
from qic.dates import DateFormField
from qic.forms import DateInput, DsfrFilterForm, DsfrModelForm
from qic.idempotency import SubmissionTokenMixin
from quartiers.models import Structure


class LinkForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Link
        fields = ["source", "kind", "target", "start_date", "note"]
        widgets = {"start_date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        structures = Structure.objects.order_by("name", "pk")
        self.fields["source"].queryset = structures
        self.fields["target"].queryset = structures

    def clean(self):
        cleaned = super().clean()
        source, target = cleaned.get("source"), cleaned.get("target")
        if source and target and source == target:
            self.add_error("target", _("Un lien relie deux structures différentes."))
        return cleaned


class MapFilterForm(DsfrFilterForm):
    """The map's filters: a date (« au »), fields and origins of links. GET, no JS needed."""

    au = DateFormField(label=_("Le réseau au"), required=False, widget=DateInput())
    champ = forms.MultipleChoiceField(
        label=_("Champs"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    origine = forms.MultipleChoiceField(
        label=_("Liens issus de"),
        choices=Origin.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

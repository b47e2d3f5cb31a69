from django import forms
from django.utils.translation import gettext_lazy as _

from qic.forms import DsfrForm
from recherche import registry
from recherche.text import MAX_QUERY_LENGTH


class SearchForm(DsfrForm):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Un site, un quartier, une structure, une personne, une action…"),
    )

    def query(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


def kind_choices():
    return [(index.kind, index.label) for index in registry.indexes()]

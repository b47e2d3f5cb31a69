"""Filter forms of the list pages (GET, bookmarkable)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cercles.enums import CommitmentStatus
from cercles.journal import journal_filters
from qic.filters import ReferenceChoiceField
from qic.forms import DsfrFilterForm
from quartiers.models import Site


class JournalFilterForm(DsfrFilterForm):
    type = forms.MultipleChoiceField(
        label=_("Afficher"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Rien de coché : tout le journal."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = journal_filters()

    def kinds(self) -> list[str]:
        return self.cleaned_data.get("type", []) if self.is_valid() else []


class DocumentFilterForm(DsfrFilterForm):
    """The site's documents, of one cercle or of all: the site's cercles read once."""

    cercle = ReferenceChoiceField(
        label=_("Cercle"), required=False, queryset=None, empty_label=_("Tous les cercles")
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cercle"].queryset = site.cercles.order_by("name", "pk")

    def filter(self, queryset):
        cercle = self.cleaned_data.get("cercle") if self.is_valid() else None
        return queryset.filter(meeting__cercle=cercle) if cercle else queryset


OPEN = "ouverts"


class MyCommitmentsFilterForm(DsfrFilterForm):
    statut = forms.ChoiceField(
        label=_("Engagements"),
        required=False,
        choices=[
            (OPEN, _("à faire")),
            (CommitmentStatus.FAIT.value, _("faits")),
            (CommitmentStatus.ABANDONNE.value, _("abandonnés")),
            ("tous", _("tous")),
        ],
    )
    site = forms.ModelChoiceField(
        label=_("Site"), required=False, queryset=Site.objects.none(), empty_label=_("Tous")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.for_user(user).order_by("name")

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("statut") or OPEN
        if status == OPEN:
            queryset = queryset.open()
        elif status != "tous":
            queryset = queryset.filter(status=status)
        if data.get("site"):
            queryset = queryset.filter(meeting__cercle__site=data["site"])
        return queryset

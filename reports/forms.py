from django import forms
from django.utils.translation import gettext_lazy as _

from qic.dates import DateFormField
from qic.forms import DateInput, DsfrForm
from qic.idempotency import SubmissionTokenMixin
from quartiers.enums import Programme, SiteStatus
from quartiers.models import Cohort, Region
from reports.builders.common import default_period
from reports.enums import ExportFormat, ExportTable


class FicheSiteForm(SubmissionTokenMixin, DsfrForm):
    start = DateFormField(label=_("Début de la période"), widget=DateInput())
    end = DateFormField(label=_("Fin de la période"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = default_period()
        self.fields["start"].initial = start
        self.fields["end"].initial = end
        self.fields["start"].help_text = _(
            "Les réunions et les engagements faits sont ceux de cette période (par défaut, "
            "les douze derniers mois)."
        )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("La fin de la période précède son début."))
        return data

    def parameters(self) -> dict:
        return {k: self.cleaned_data[k].isoformat() for k in ("start", "end")}


class NationalForm(SubmissionTokenMixin, DsfrForm):
    region = forms.ModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("toutes"),
    )
    programme = forms.ChoiceField(
        label=_("Programme"), choices=[("", _("tous")), *Programme.choices], required=False
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohorte"),
        queryset=Cohort.objects.order_by("-year"),
        to_field_name="year",
        required=False,
        empty_label=_("toutes"),
    )
    status = forms.ChoiceField(
        label=_("Statut"), choices=[("", _("tous")), *SiteStatus.choices], required=False
    )
    annex = forms.BooleanField(
        label=_("Ajouter en annexe une page par site"),
        required=False,
        help_text=_("Plus long à produire : plusieurs minutes pour des centaines de sites."),
    )

    def parameters(self) -> dict:
        data = self.cleaned_data
        return {
            "region": data["region"].code if data["region"] else "",
            "programme": data["programme"],
            "cohort": data["cohort"].year if data["cohort"] else None,
            "status": data["status"],
            "annex": data["annex"],
        }


class ExportForm(SubmissionTokenMixin, DsfrForm):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=ExportFormat.choices,
        initial=ExportFormat.XLSX,
        widget=forms.RadioSelect,
    )
    tables = forms.MultipleChoiceField(
        label=_("Tables à exporter"),
        choices=ExportTable.choices,
        initial=list(ExportTable.values),
        widget=forms.CheckboxSelectMultiple,
    )

    def parameters(self) -> dict:
        return {"format": self.cleaned_data["format"], "tables": self.cleaned_data["tables"]}

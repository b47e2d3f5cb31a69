from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qic.concurrency import OptimisticLockMixin
from qic.dates import DateFormField
from qic.forms import DateInput, DsfrForm, DsfrModelForm
from qic.idempotency import SubmissionTokenMixin
from qic.numbers import FrenchDecimalField
from quartiers.models import Structure
from visions import official
from visions.enums import Condition, IndicatorFamily, Score
from visions.importers import MAX_BYTES
from visions.models import (
    Action,
    Indicator,
    IndicatorDefinition,
    Milestone,
    Objective,
    SelfAssessment,
    TurnTheCurve,
    Vision,
    VisionTemplate,
)
from visions.models.indicators import VALUE_DIGITS, VALUE_PLACES


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."))
    return value


class VisionForm(SubmissionTokenMixin, OptimisticLockMixin, DsfrModelForm):
    version_fields = ("statement", "horizon")

    class Meta:
        model = Vision
        fields = ["statement", "horizon"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 10})}


class VisionAdoptForm(SubmissionTokenMixin, DsfrForm):
    adopted_on = DateFormField(
        label=_("Date de l'adoption"), widget=DateInput(), initial=timezone.localdate
    )
    adopted_by = forms.CharField(
        label=_("Instance qui l'a adoptée"),
        max_length=255,
        help_text=_("Par exemple « comité de pilotage du 12 mars 2026 »."),
    )

    def clean_adopted_on(self):
        return _not_in_future(self.cleaned_data["adopted_on"])


class ObjectiveForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "contrat_priority"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


def _decimal(label, required=True, help_text=""):
    return FrenchDecimalField(
        label=label,
        required=required,
        max_digits=VALUE_DIGITS,
        decimal_places=VALUE_PLACES,
        help_text=help_text,
    )


class IndicatorForm(SubmissionTokenMixin, DsfrModelForm):
    baseline_value = _decimal(_("Valeur de référence"), help_text=_("Par exemple 38,5."))
    target_value = _decimal(
        _("Valeur cible"),
        required=False,
        help_text=_("Pour une hausse ou une baisse souhaitée : où la courbe doit arriver."),
    )
    tolerance = _decimal(
        _("Écart toléré"),
        required=False,
        help_text=Indicator._meta.get_field("tolerance").help_text,
    )

    class Meta:
        model = Indicator
        fields = [
            "objective",
            "name",
            "definition",
            "unit",
            "source",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "tolerance",
            "frequency",
            "family",
            "cooperation_metric",
        ]
        widgets = {"baseline_date": DateInput(), "target_date": DateInput()}

    official = forms.ChoiceField(
        label=_("Donnée officielle (facultatif)"),
        required=False,
        help_text=_(
            "Une statistique publiée pour un quartier du site (« Données du quartier ») : la "
            "valeur de référence et sa date sont alors celles de son dernier millésime, avec "
            "sa source. Les millésimes suivants vous seront proposés comme nouvelles mesures."
        ),
    )

    def __init__(self, *args, vision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.filter(vision=vision)
        self.fields["objective"].empty_label = None
        self.fields["definition"].queryset = IndicatorDefinition.objects.order_by("name")
        self.fields["definition"].required = False
        self.fields["definition"].help_text = _(
            "Facultatif : une définition partagée rend l'indicateur comparable entre sites "
            "(son unité s'applique)."
        )
        self.fields["official"].choices = [
            ("", _("Aucune : valeur saisie")),
            *official.site_choices(vision.site),
        ]
        instance = self.instance
        if instance.pk and instance.official_variable_id and instance.official_quartier_id:
            self.initial["official"] = official.choice_key(
                instance.official_quartier_id, instance.official_variable_id
            )
        # With a tie, the baseline comes from the data: the fields may stay empty.
        self.fields["baseline_value"].required = False
        self.fields["baseline_date"].required = False
        order = list(self.fields)
        order.remove("official")
        order.insert(order.index("baseline_value"), "official")
        self.order_fields(order)
        # A form (or a script) that does not send the family keeps a population indicator.
        self.fields["family"].required = False

    def clean(self):
        cleaned = super().clean()
        definition = cleaned.get("definition")
        if definition is not None and definition.unit:
            cleaned["unit"] = definition.unit
        key = cleaned.get("official")
        instance = self.instance
        if not key:
            instance.official_variable = instance.official_quartier = None
            instance.official_vintage = None
            instance.baseline_source = ""
            for name in ("baseline_value", "baseline_date"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Ce champ est obligatoire."))
            return cleaned
        quartier_id, variable_id = official.parse_key(key)
        same_tie = (instance.official_quartier_id, instance.official_variable_id) == (
            quartier_id,
            variable_id,
        )
        # The tie kept: its vintage too (a newer one is offered as a measurement).
        value = official.official_value(
            quartier_id, variable_id, instance.official_vintage if same_tie else None
        ) or official.official_value(quartier_id, variable_id)
        try:
            cleaned["baseline_value"], cleaned["baseline_date"] = official.baseline_from(value)
        except ValidationError as exc:
            self.add_error("official", exc)
            return cleaned
        for name in ("baseline_value", "baseline_date"):
            self.errors.pop(name, None)
        instance.official_quartier_id, instance.official_variable_id = quartier_id, variable_id
        instance.official_vintage = value.vintage
        instance.baseline_source = official.describe(value)
        return cleaned

    def clean_family(self):
        return self.cleaned_data["family"] or self.instance.family or IndicatorFamily.POPULATION

    def clean_tolerance(self):
        value = self.cleaned_data["tolerance"]
        if value is not None and value < 0:
            raise ValidationError(_("L'écart toléré ne peut pas être négatif."))
        return value


class MeasurementForm(SubmissionTokenMixin, DsfrForm):
    """One value of one indicator: on the indicator's page and as one row of the grid.

    In the grid (``optional=True``) a row left without a value is simply skipped.
    """

    date = DateFormField(label=_("Date"), widget=DateInput())
    value = _decimal(_("Valeur"))
    comment = forms.CharField(label=_("Commentaire"), max_length=500, required=False)

    def __init__(self, *args, indicator, optional=False, taken=None, **kwargs):
        self.indicator = indicator
        self.optional = optional
        # (indicator id, date) pairs known to exist, when the caller checked in bulk.
        self.taken = taken
        kwargs.setdefault("initial", {"date": indicator.current_period().end})
        super().__init__(*args, **kwargs)
        if optional:
            self.fields["value"].required = False
            self.fields["date"].required = False
        if indicator.unit:
            self.fields["value"].label = _("Valeur (%(unit)s)") % {"unit": indicator.unit}

    @property
    def is_blank(self) -> bool:
        """A grid row where nothing was typed in the value box."""
        return self.is_bound and not (self.data.get(self.add_prefix("value")) or "").strip()

    def clean_date(self):
        return _not_in_future(self.cleaned_data["date"])

    def clean(self):
        cleaned = super().clean()
        if self.optional and self.is_blank:
            return cleaned
        day = cleaned.get("date")
        if self.optional and day is None and "date" not in self.errors:
            self.add_error("date", _("Indiquez la date de la valeur."))
        if day is None or cleaned.get("value") is None:
            return cleaned
        if self.taken is not None:
            exists = (self.indicator.pk, day) in self.taken
        else:
            exists = self.indicator.measurements.filter(date=day).exists()
        if exists:
            self.add_error(
                "date",
                _(
                    "Une valeur existe déjà pour cet indicateur au %(date)s : corrigez-la sur la "
                    "page de l'indicateur ou choisissez une autre date."
                )
                % {"date": day.strftime("%d/%m/%Y")},
            )
        return cleaned

    def to_entry(self):
        from visions.services import Entry

        data = self.cleaned_data
        return Entry(self.indicator, data["date"], data["value"], data.get("comment", ""))


class MeasurementImportForm(SubmissionTokenMixin, DsfrForm):
    file = forms.FileField(
        label=_("Fichier CSV des mesures"),
        help_text=_(
            "Colonnes indicateur ; date ; valeur ; commentaire. Séparateur « ; » ou « , », "
            "UTF-8 ou Windows-1252, virgule décimale acceptée."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("Le fichier dépasse %(size)d Mo : découpez-le.")
                % {"size": MAX_BYTES // 1024 // 1024}
            )
        return upload


class TurnTheCurveForm(DsfrModelForm):
    class Meta:
        model = TurnTheCurve
        fields = ["story", "partners", "what_works", "action_plan"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["story", "partners", "what_works", "action_plan"]
        }


class ActionForm(SubmissionTokenMixin, DsfrModelForm):
    budget = FrenchDecimalField(
        label=_("Budget (€)"), required=False, max_digits=12, decimal_places=2
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "objectives",
            "porteur",
            "partners",
            "status",
            "start_date",
            "end_date",
            "progress",
            "budget",
            "funders",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the objectives of this site's vision can be served.
        self.fields["objectives"].queryset = Objective.objects.filter(vision__site=site)
        self.fields["objectives"].required = False
        structures = Structure.objects.order_by("name")
        self.fields["porteur"].queryset = structures
        self.fields["partners"].queryset = structures
        self.fields["partners"].required = False
        self.fields["partners"].help_text = _("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.")
        self.fields["progress"].widget.attrs.update({"min": 0, "max": 100})

    def clean_budget(self):
        value = self.cleaned_data["budget"]
        if value is not None and value < 0:
            raise ValidationError(_("Le budget ne peut pas être négatif."))
        return value

    def clean(self):
        cleaned = super().clean()
        partners = cleaned.get("partners")
        porteur = cleaned.get("porteur")
        if partners and porteur and porteur in partners:
            self.add_error("partners", _("Le porteur ne peut pas être aussi partenaire."))
        return cleaned


class ActionMoveForm(DsfrForm):
    status = forms.ChoiceField(label=_("Nouveau statut"))

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in action.next_statuses()]


class MilestoneForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": DateInput()}


class SelfAssessmentForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = SelfAssessment
        fields = ["date"] + [
            f"{condition.value}_{part}" for condition in Condition for part in ("score", "comment")
        ]
        widgets = (
            {"date": DateInput()}
            | {
                f"{condition.value}_comment": forms.Textarea(attrs={"rows": 2})
                for condition in Condition
            }
            | {
                f"{condition.value}_score": forms.RadioSelect(choices=Score.choices)
                for condition in Condition
            }
        )

    def __init__(self, *args, site, **kwargs):
        self.site = site
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["date"].initial = timezone.localdate
        for condition in Condition:
            field = self.fields[f"{condition.value}_score"]
            field.label = condition.label.capitalize()
            field.choices = Score.choices  # no empty choice among the radios
            self.fields[f"{condition.value}_comment"].label = _("Pourquoi cette note ? (%(c)s)") % {
                "c": condition.label
            }

    def clean_date(self):
        day = _not_in_future(self.cleaned_data["date"])
        others = SelfAssessment.objects.filter(site=self.site, date=day)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("Une auto-évaluation existe déjà à cette date pour ce site."))
        return day


class DefinitionForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = IndicatorDefinition
        fields = [
            "name",
            "definition",
            "unit",
            "direction",
            "calculation_method",
            "source",
            "frequency",
            "maintainer",
            "status",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "calculation_method": forms.Textarea(attrs={"rows": 3}),
        }


class TemplateForm(SubmissionTokenMixin, DsfrForm):
    name = forms.CharField(label=_("Nom du modèle"), max_length=200)
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("À quel site il convient, ce qu'il faut adapter."),
    )


class StartFromTemplateForm(DsfrForm):
    template = forms.ModelChoiceField(
        label=_("Modèle"), queryset=VisionTemplate.objects.order_by("name")
    )
    statement = forms.CharField(
        label=_("Énoncé de la vision"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que le quartier sera devenu à l'horizon choisi, écrit avec tous."),
    )
    horizon = forms.IntegerField(label=_("Horizon"), required=False, min_value=2020, max_value=2100)

    def __init__(self, *args, has_vision, **kwargs):
        super().__init__(*args, **kwargs)
        if has_vision:
            del self.fields["statement"]
            del self.fields["horizon"]
        else:
            self.fields["statement"].required = True
            self.fields["horizon"].required = True

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import User
from qic.dates import DateFormField
from qic.forms import DateInput, DsfrForm, DsfrModelForm
from qic.idempotency import SubmissionTokenMixin
from qic.numbers import FrenchDecimalField
from quartiers.enums import FollowUpChannel, SiteStatus, StructureKind
from quartiers.models import (
    Accompaniment,
    Cohort,
    Commune,
    FormationSession,
    Intervention,
    Personne,
    Quartier,
    Site,
    SiteFollowUp,
    Structure,
)
from quartiers.models.sites import SEAT_STRUCTURE_KINDS
from quartiers.perms import accompaniment_centres
from quartiers.querysets import CHANGE
from quartiers.services import follow_up_recipients
from quartiers.validators import normalize_code


class QuartierCodesField(forms.CharField):
    """QPV typed as codes (« QN04201M, QN04202I »): no 1,600-option list to scroll."""

    widget = forms.Textarea(attrs={"rows": 2})
    default_error_messages = {"required": _("Indiquez au moins un code QPV.")}

    def prepare_value(self, value):
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return ", ".join(q.code if isinstance(q, Quartier) else str(q) for q in items)
        return value

    def clean(self, value):
        value = super().clean(value)
        codes = [normalize_code(c) for c in value.replace(";", ",").replace("\n", ",").split(",")]
        codes = list(dict.fromkeys(c for c in codes if c))
        if not codes:
            raise ValidationError(self.error_messages["required"], code="required")
        found = {q.code: q for q in Quartier.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise ValidationError(
                _("Code(s) QPV inconnu(s) : %(codes)s."), params={"codes": ", ".join(unknown)}
            )
        return [found[c] for c in codes]


class CommuneCodeField(forms.CharField):
    """A commune typed by its INSEE code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("help_text", _("Code INSEE à 5 caractères, par exemple 42218."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return value.code
        if isinstance(value, int):
            commune = Commune.objects.filter(pk=value).first()
            return commune.code if commune else ""
        return value

    def clean(self, value):
        value = normalize_code(super().clean(value))
        if not value:
            return None
        try:
            return Commune.objects.get(code=value)
        except Commune.DoesNotExist:
            raise ValidationError(
                _("Aucune commune de code « %(code)s » n'est connue de QIC."),
                params={"code": value},
            ) from None


class SiteForm(SubmissionTokenMixin, DsfrModelForm):
    quartiers = QuartierCodesField(
        label=_("Quartiers prioritaires"),
        help_text=_("Codes QPV séparés par des virgules, par exemple QN04201M, QN04202I."),
    )
    contrat_de_ville_url = forms.URLField(
        label=_("Lien vers le contrat de ville"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "description",
            "quartiers",
            "programme",
            "cohort",
            "chef_de_projet",
            "contrat_de_ville",
            "contrat_de_ville_url",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.is_admin:
            self.fields["chef_de_projet"].queryset = User.objects.filter(
                role=Role.CHEF_DE_PROJET, is_active=True
            )
        else:
            # Only national administrators assign sites to chefs de projet.
            del self.fields["chef_de_projet"]


class SiteCreateForm(SiteForm):
    status = forms.ChoiceField(
        label=_("Statut initial"), choices=SiteStatus.choices, initial=SiteStatus.REPERE
    )
    status_date = DateFormField(
        label=_("Depuis le"), widget=DateInput(), initial=timezone.localdate
    )
    status_comment = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("Entrée dans le programme."),
    )

    def clean_status_date(self):
        value = self.cleaned_data["status_date"]
        if value > timezone.localdate():
            raise ValidationError(_("La date ne peut pas être dans le futur."))
        return value


class SiteStatusForm(DsfrForm):
    status = forms.ChoiceField(label=_("Nouveau statut"))
    date = DateFormField(
        label=_("Date du changement"), widget=DateInput(), initial=timezone.localdate
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qui motive le changement : il reste dans l'historique du site."),
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in site.next_statuses()]


class PersonneChoiceMixin:
    """An existing person to pick, or a new one typed in the same form."""

    def _personne_fields(self, user, site):
        self.fields["personne"] = forms.ModelChoiceField(
            label=_("Personne déjà connue"),
            queryset=Personne.objects.for_user(user).select_related("structure"),
            required=False,
        )
        self.fields["first_name"] = forms.CharField(
            label=_("Prénom"), max_length=100, required=False
        )
        self.fields["last_name"] = forms.CharField(label=_("Nom"), max_length=100, required=False)
        self.fields["email"] = forms.EmailField(label=_("Adresse e-mail"), required=False)
        self.fields["phone"] = forms.CharField(label=_("Téléphone"), max_length=25, required=False)
        self.fields["function"] = forms.CharField(
            label=_("Fonction"), max_length=150, required=False
        )

    def clean_personne_choice(self, cleaned):
        if cleaned.get("personne"):
            return cleaned
        if not (cleaned.get("first_name") and cleaned.get("last_name")):
            raise ValidationError(
                _(
                    "Choisissez une personne déjà connue ou indiquez le prénom et le nom d'une nouvelle."
                )
            )
        personne = Personne(
            first_name=cleaned["first_name"],
            last_name=cleaned["last_name"],
            email=cleaned.get("email", ""),
            phone=cleaned.get("phone", ""),
            function=cleaned.get("function", ""),
            structure=cleaned.get("structure"),
        )
        try:
            personne.full_clean(exclude=["structure", "sites", "user"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(field if field in self.fields else None, error)
        cleaned["new_personne"] = personne
        return cleaned


class TrinomeAssignForm(SubmissionTokenMixin, PersonneChoiceMixin, DsfrForm):
    structure = forms.ModelChoiceField(label=_("Structure"), queryset=Structure.objects.none())
    start_date = DateFormField(
        label=_("Début du mandat"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args, user, site, seat, **kwargs):
        super().__init__(*args, **kwargs)
        self._personne_fields(user, site)
        self.fields["structure"].queryset = Structure.objects.filter(
            kind__in=SEAT_STRUCTURE_KINDS[seat]
        )
        self.order_fields(["personne", "first_name", "last_name", "email", "phone", "function"])

    def clean(self):
        cleaned = super().clean()
        return self.clean_personne_choice(cleaned)


class AccompanimentForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Accompaniment
        fields = ["centre", "kind", "start_date", "end_date", "hours_planned"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = accompaniment_centres(user)
        if self.instance.pk and user.role == Role.CENTRE:
            # A centre records its own work; moving it to another centre is ANCT's call.
            self.fields["centre"].disabled = True
            self.fields["centre"].help_text = _(
                "Seule l'ANCT peut confier cet accompagnement à un autre centre."
            )


class SiteFollowUpForm(SubmissionTokenMixin, DsfrModelForm):
    """Chase a site: an e-mail written here and sent to the chosen people, or a note of a
    call or a meeting. Either way it is recorded on the site."""

    recipients = forms.MultipleChoiceField(
        label=_("Destinataires de l'e-mail"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Le trinôme et les membres du site ; les réponses vous reviennent."),
    )

    class Meta:
        model = SiteFollowUp
        fields = ["channel", "contacted_on", "recipients", "subject", "message"]
        widgets = {"contacted_on": DateInput(), "message": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = follow_up_recipients(site)
        self.fields["channel"].initial = FollowUpChannel.EMAIL
        self.fields["subject"].initial = _(
            "Quartiers à impact collectif — où en est %(site)s ?"
        ) % {"site": site.name}

    def clean(self):
        data = super().clean()
        if data.get("channel") == FollowUpChannel.EMAIL:
            if not data.get("recipients"):
                self.add_error("recipients", _("Choisissez au moins un destinataire de l'e-mail."))
            if not data.get("subject"):
                self.add_error("subject", _("Un e-mail a besoin d'un objet."))
        else:
            data["recipients"] = []
        return data


class InterventionForm(SubmissionTokenMixin, DsfrModelForm):
    hours = FrenchDecimalField(
        label=_("Durée (heures)"),
        max_digits=4,
        decimal_places=1,
        help_text=_("En heures, par exemple 2,5."),
    )

    class Meta:
        model = Intervention
        fields = ["date", "kind", "hours", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if not Decimal("0.1") <= hours <= Decimal(100):
            raise ValidationError(_("Une intervention dure entre 0,1 et 100 heures."))
        return hours


class SiteMemberInviteForm(SubmissionTokenMixin, DsfrForm):
    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[
            (Role.MEMBRE.value, Role.MEMBRE.label),
            (Role.OBSERVATEUR.value, Role.OBSERVATEUR.label),
        ],
        help_text=_("Un membre modifie le site ; un observateur le consulte."),
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class StructureForm(SubmissionTokenMixin, DsfrModelForm):
    commune = CommuneCodeField(label=_("Commune"), required=False)

    class Meta:
        model = Structure
        fields = ["name", "kind", "siret", "commune"]

    def clean_siret(self):
        return "".join(self.cleaned_data["siret"].split())


class PersonneForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Personne
        fields = ["first_name", "last_name", "email", "phone", "structure", "function", "sites"]
        widgets = {"sites": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.for_user(user, CHANGE)
        self.fields["sites"].required = False

    def clean_sites(self):
        # Sites this user cannot change are not offered, and must survive the save.
        chosen = list(self.cleaned_data["sites"])
        if self.instance.pk:
            offered = self.fields["sites"].queryset.values("pk")
            chosen += list(self.instance.sites.exclude(pk__in=offered))
        return chosen


class CohortForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Cohort
        fields = ["year", "name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class FormationSessionForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = FormationSession
        fields = ["date", "theme", "place", "sites_present"]
        widgets = {"date": DateInput(), "sites_present": forms.CheckboxSelectMultiple}

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites_present"].queryset = Site.objects.filter(cohort=cohort)
        self.fields["sites_present"].help_text = _("Les sites de la cohorte qui ont participé.")


class UserInviteForm(SubmissionTokenMixin, DsfrForm):
    """An administrator invites anyone: role, and the sites or centre that come with it."""

    email = forms.EmailField(label=_("Adresse e-mail"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pour un membre de site ou un observateur : les sites qu'il rejoint."),
    )
    centre = forms.ModelChoiceField(
        label=_("Centre de ressources"),
        queryset=Structure.objects.filter(kind=StructureKind.CENTRE_RESSOURCES),
        required=False,
        help_text=_("Pour un compte de centre de ressources : le centre qu'il représente."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("Un compte existe déjà avec cette adresse e-mail."))
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in (Role.MEMBRE, Role.OBSERVATEUR) and not cleaned.get("sites"):
            self.add_error("sites", _("Choisissez au moins un site pour ce rôle."))
        if role == Role.CENTRE and not cleaned.get("centre"):
            self.add_error("centre", _("Choisissez le centre de ressources de ce compte."))
        return cleaned


class UserEditForm(DsfrModelForm):
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sites accessibles à un membre de site ou à un observateur."),
    )
    centres = forms.ModelMultipleChoiceField(
        label=_("Centres de ressources"),
        queryset=Structure.objects.filter(kind=StructureKind.CENTRE_RESSOURCES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "role", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["sites"] = list(self.instance.site_accesses.values_list("site_id", flat=True))
        self.initial["centres"] = list(
            self.instance.structures.filter(kind=StructureKind.CENTRE_RESSOURCES).values_list(
                "pk", flat=True
            )
        )

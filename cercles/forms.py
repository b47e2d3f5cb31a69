import datetime

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cercles.documents import ACCEPTED_EXTENSIONS, check_upload, max_size
from cercles.enums import (
    FORM_VALUES,
    OPTION_FORMS,
    AnswerValue,
    AttendanceStatus,
    CercleKind,
    MemberRole,
    ProposalForm,
)
from cercles.models import AgendaItem, Cercle, CercleMember, Commitment, Decision, Meeting
from cercles.services import OptionLine
from qic.concurrency import OptimisticLockMixin
from qic.dates import DateFormField
from qic.forms import DateInput, DsfrForm, DsfrModelForm
from qic.idempotency import SubmissionTokenMixin
from quartiers.forms import PersonneChoiceMixin
from quartiers.models import Personne, Structure
from visions.models import Action, Objective


class TimeInput(forms.TimeInput):
    """A native time picker (HH:MM)."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class CercleForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Cercle
        fields = ["kind", "name", "purpose", "objectives", "proposals_animateurs_only", "closed_on"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.CheckboxSelectMultiple,
            "closed_on": DateInput(),
        }

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["objectives"].queryset = Objective.objects.filter(vision__site=site).order_by(
            "position"
        )
        if not self.instance.pk:
            del self.fields["closed_on"]

    def clean(self):
        cleaned = super().clean()
        # The database refuses a second open comité too; this says it in French first.
        if cleaned.get("kind") == CercleKind.COMITE and not cleaned.get("closed_on"):
            others = Cercle.objects.filter(
                site=self.site, kind=CercleKind.COMITE, closed_on__isnull=True
            ).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "kind",
                    _("Ce site a déjà un comité de pilotage : « %(name)s ».")
                    % {"name": others.first().name},
                )
        return cleaned


class CercleMemberAddForm(SubmissionTokenMixin, PersonneChoiceMixin, DsfrForm):
    """A member: a person already known, or a new one typed in the same form."""

    structure = forms.ModelChoiceField(
        label=_("Structure"),
        queryset=Structure.objects.order_by("name"),
        required=False,
        help_text=_("Pour une nouvelle personne : la structure qu'elle représente."),
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=MemberRole.choices, initial=MemberRole.MEMBRE)
    joined_on = DateFormField(
        label=_("Arrivée dans le cercle"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args, user, cercle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cercle = cercle
        self._personne_fields(user, cercle.site)
        self.order_fields(
            ["personne", "first_name", "last_name", "email", "phone", "function", "structure"]
        )

    def clean(self):
        cleaned = self.clean_personne_choice(super().clean())
        personne = cleaned.get("personne")
        if (
            personne
            and CercleMember.objects.filter(
                cercle=self.cercle, personne=personne, left_on__isnull=True
            ).exists()
        ):
            self.add_error("personne", _("Cette personne est déjà membre du cercle."))
        return cleaned


class CercleMemberForm(DsfrModelForm):
    class Meta:
        model = CercleMember
        fields = ["role", "joined_on", "left_on"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}


class MeetingTimesMixin:
    """A meeting's day, start and end time, in Europe/Paris, as aware datetimes."""

    def _time_fields(self):
        self.fields["date"] = DateFormField(label=_("Date"), widget=DateInput())
        self.fields["start_time"] = forms.TimeField(
            label=_("Heure de début"), widget=TimeInput(), initial=datetime.time(18, 0)
        )
        self.fields["end_time"] = forms.TimeField(
            label=_("Heure de fin"), widget=TimeInput(), initial=datetime.time(20, 0)
        )

    def _initial_times(self, starts_at, ends_at):
        start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
        self.initial.update(
            {"date": start.date(), "start_time": start.time(), "end_time": end.time()}
        )

    def clean_times(self, cleaned):
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("L'heure de fin doit suivre l'heure de début."))
                return cleaned
            tz = timezone.get_default_timezone()
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(day, start), tz)
            cleaned["ends_at"] = timezone.make_aware(datetime.datetime.combine(day, end), tz)
        return cleaned


class MeetingForm(SubmissionTokenMixin, MeetingTimesMixin, DsfrModelForm):
    video_url = forms.URLField(
        label=_("Lien de visioconférence"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = ["place", "video_url", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._time_fields()
        if self.instance.pk:
            self._initial_times(self.instance.starts_at, self.instance.ends_at)
        else:
            del self.fields["status"]
        self.order_fields(["date", "start_time", "end_time", "place", "video_url", "status"])

    def clean(self):
        cleaned = self.clean_times(super().clean())
        if "starts_at" in cleaned:
            self.instance.starts_at = cleaned["starts_at"]
            self.instance.ends_at = cleaned["ends_at"]
        return cleaned


class AgendaItemForm(DsfrModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


# A bound on what one POST may ask us to build: without it, a forged TOTAL_FORMS makes
# Django instantiate and render up to 1,000 forms (seconds of CPU per request).
MAX_AGENDA_ITEMS = 40

AgendaItemFormSet = inlineformset_factory(
    Meeting,
    AgendaItem,
    form=AgendaItemForm,
    extra=3,
    can_delete=True,
    can_order=True,
    max_num=MAX_AGENDA_ITEMS,
    absolute_max=MAX_AGENDA_ITEMS,
    validate_max=True,
)


def save_agenda(formset, meeting) -> None:
    """Save a valid agenda formset, numbering the items in the order the user gave."""
    formset.instance = meeting
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()
    for position, form in enumerate(formset.ordered_forms, start=1):
        item = form.save(commit=False)
        item.meeting = meeting
        item.position = position
        item.save()


class AttendanceForm(DsfrForm):
    """Everyone's attendance at once: one row of radio buttons per member."""

    def __init__(self, *args, members, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=str(member.personne),
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=current.get(member.pk),
            )

    def rows(self):
        return [(member, self[f"member_{member.pk}"]) for member in self.members]

    def statuses(self) -> dict:
        return {
            member: self.cleaned_data[f"member_{member.pk}"]
            for member in self.members
            if self.cleaned_data.get(f"member_{member.pk}")
        }


class MinutesForm(OptimisticLockMixin, DsfrModelForm):
    version_fields = ("minutes",)

    class Meta:
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 12})}


class DecisionForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Decision
        fields = ["text", "review_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "review_on": DateInput()}

    def __init__(self, *args, **kwargs):
        # The meeting page shows this form next to the commitment form: ids of their own,
        # so that each label points to its field (both have a « text »).
        kwargs.setdefault("auto_id", "id_decision_%s")
        super().__init__(*args, **kwargs)


class CommitmentForm(SubmissionTokenMixin, DsfrModelForm):
    class Meta:
        model = Commitment
        fields = ["text", "owner", "due_on", "action"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "due_on": DateInput()}

    def __init__(self, *args, cercle, owners=None, **kwargs):
        """``owners``: the cercle's current members' people, when the caller has them."""
        kwargs.setdefault("auto_id", "id_commitment_%s")  # see DecisionForm
        super().__init__(*args, **kwargs)
        members = CercleMember.objects.filter(cercle=cercle, left_on__isnull=True)
        queryset = Personne.objects.filter(pk__in=members.values("personne_id"))
        if self.instance.pk:
            queryset = queryset | Personne.objects.filter(pk=self.instance.owner_id)
        self.fields["owner"].queryset = queryset.order_by("last_name", "first_name")
        if owners is not None:
            # Render from the list the page already loaded: no second query.
            self.fields["owner"].choices = [("", "---------")] + [(p.pk, str(p)) for p in owners]
        self.fields["owner"].help_text = _("Un membre du cercle.")
        self.fields["action"].queryset = Action.objects.filter(site_id=cercle.site_id).order_by(
            "title"
        )


class DocumentForm(SubmissionTokenMixin, DsfrForm):
    file = forms.FileField(label=_("Document"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Types acceptés : %(types)s. Taille maximale : %(max)s Mo."
        ) % {"types": ACCEPTED_EXTENSIONS, "max": max_size() // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.doctype = check_upload(upload)
        return upload


class PrepareNextForm(SubmissionTokenMixin, MeetingTimesMixin, DsfrForm):
    place = forms.CharField(label=_("Lieu"), max_length=255, required=False)
    video_url = forms.URLField(
        label=_("Lien de visioconférence"), required=False, assume_scheme="https"
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Engagements à suivre"),
        queryset=Commitment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les engagements encore à faire : décochez ceux à laisser de côté."),
    )
    decisions = forms.ModelMultipleChoiceField(
        label=_("Décisions à revoir"),
        queryset=Decision.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les décisions dont la date de révision est venue d'ici la réunion."),
    )
    other_items = forms.CharField(
        label=_("Autres points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Un point par ligne."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self._time_fields()
        self._initial_times(proposal.starts_at, proposal.ends_at)
        self.initial.update({"place": proposal.place, "video_url": proposal.video_url})
        self.fields["commitments"].queryset = Commitment.objects.filter(
            pk__in=[c.pk for c in proposal.commitments]
        )
        self.fields["commitments"].choices = [
            (c.pk, _label_commitment(c)) for c in proposal.commitments
        ]
        self.proposed_commitments = {c.pk: c for c in proposal.commitments}
        self.initial["commitments"] = [c.pk for c in proposal.commitments]
        self.fields["decisions"].queryset = Decision.objects.filter(
            pk__in=[d.pk for d in proposal.decisions]
        )
        self.fields["decisions"].choices = [(d.pk, _label_decision(d)) for d in proposal.decisions]
        self.proposed_decisions = {d.pk: d for d in proposal.decisions}
        self.initial["decisions"] = [d.pk for d in proposal.decisions]
        self.order_fields(
            ["date", "start_time", "end_time", "place", "video_url", "commitments", "decisions"]
        )

    def clean(self):
        return self.clean_times(super().clean())

    def clean_other_items(self):
        # Each line becomes an agenda item, whose title holds 255 characters.
        text = self.cleaned_data.get("other_items", "")
        limit = AgendaItem._meta.get_field("title").max_length
        for number, line in enumerate(text.splitlines(), start=1):
            if len(line.strip()) > limit:
                raise forms.ValidationError(
                    _("Ligne %(number)d : %(limit)d caractères au plus par point.")
                    % {"number": number, "limit": limit}
                )
        return text

    def commitment_choices(self):
        """(checkbox, commitment) pairs, for a template that shows overdue badges."""
        return [
            (box, self.proposed_commitments[int(box.data["value"])]) for box in self["commitments"]
        ]

    def other_lines(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("other_items", "").splitlines()
            if line.strip()
        ]


def _label_commitment(commitment) -> str:
    return f"{commitment} ({commitment.owner}, échéance {commitment.due_on:%d/%m/%Y})"


def _label_decision(decision) -> str:
    return f"{decision} (à revoir le {decision.review_on:%d/%m/%Y})"


# --- Proposals -------------------------------------------------------------------------------

MAX_PROPOSAL_OPTIONS = 20
DATE_OPTION_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%d/%m/%Y %Hh", "%Y-%m-%d %H:%M")


def _parse_date_option(line: str) -> datetime.datetime | None:
    for fmt in DATE_OPTION_FORMATS:
        try:
            naive = datetime.datetime.strptime(line, fmt)
        except ValueError:
            continue
        return timezone.make_aware(naive, timezone.get_default_timezone())
    return None


class ProposalOpenForm(SubmissionTokenMixin, DsfrForm):
    """A new proposal: its form, question, closing date and, for a choice or a date poll,
    its options (one per line)."""

    form = forms.ChoiceField(label=_("Forme"), choices=ProposalForm.choices)
    title = forms.CharField(label=_("Titre"), max_length=200)
    text = forms.CharField(
        label=_("Proposition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce qui est proposé, et pourquoi."),
    )
    closes_on = DateFormField(label=_("Clôture le"), widget=DateInput())
    closes_time = forms.TimeField(label=_("à"), widget=TimeInput(), initial=datetime.time(18, 0))
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Pour un choix ou une date : une option par ligne ; une date s'écrit "
            "« 14/03/2026 18:00 »."
        ),
    )
    multiple = forms.BooleanField(label=_("Plusieurs options possibles (choix)"), required=False)
    anonymous = forms.BooleanField(label=_("Réponses anonymes (choix)"), required=False)
    hide_results = forms.BooleanField(
        label=_("Cacher les résultats jusqu'à la clôture"), required=False
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Nombre de réponses attendues, s'il y en a un."),
    )
    max_volunteers = forms.IntegerField(
        label=_("Nombre de volontaires recherchés"), required=False, min_value=1, max_value=500
    )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("closes_on"), cleaned.get("closes_time")
        if day and time:
            tz = timezone.get_default_timezone()
            closes_at = timezone.make_aware(datetime.datetime.combine(day, time), tz)
            if closes_at <= timezone.now():
                self.add_error("closes_on", _("La clôture doit être dans le futur."))
            cleaned["closes_at"] = closes_at
        form = cleaned.get("form")
        lines = [line.strip() for line in cleaned.get("options", "").splitlines() if line.strip()]
        option_lines = []
        if form in OPTION_FORMS:
            if len(lines) < 2:
                self.add_error("options", _("Proposez au moins deux options, une par ligne."))
            elif len(lines) > MAX_PROPOSAL_OPTIONS:
                self.add_error(
                    "options",
                    _("Au plus %(count)s options.") % {"count": MAX_PROPOSAL_OPTIONS},
                )
            for line in lines:
                if form == ProposalForm.DATE:
                    starts_at = _parse_date_option(line)
                    if starts_at is None:
                        self.add_error(
                            "options",
                            _("« %(line)s » n'est pas une date comme « 14/03/2026 18:00 ».")
                            % {"line": line[:40]},
                        )
                        continue
                    option_lines.append(OptionLine(starts_at=starts_at))
                else:
                    option_lines.append(OptionLine(label=line[:200]))
        cleaned["option_lines"] = option_lines
        return cleaned


class ProposalAnswerForm(DsfrForm):
    """A member's answer, shaped by the proposal's form."""

    def __init__(self, *args, proposal, options=(), current=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.options = list(options)
        own = {a.option_id: a for a in current}
        values = FORM_VALUES[proposal.form]
        labels = dict(AnswerValue.choices)
        if proposal.form in (ProposalForm.AVIS, ProposalForm.CONSENTEMENT):
            self.fields["value"] = forms.ChoiceField(
                label=_("Votre réponse"),
                choices=[(v, labels[v]) for v in values],
                widget=forms.RadioSelect,
            )
            self.fields["reason"] = forms.CharField(
                label=_("Raison ou commentaire"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Obligatoire pour une objection ou un blocage."),
            )
            if None in own:
                self.initial.update({"value": own[None].value, "reason": own[None].reason})
        elif proposal.form == ProposalForm.VOLONTAIRES:
            self.fields["volunteer"] = forms.BooleanField(
                label=_("Je me porte volontaire"), required=False
            )
            self.fields["reason"] = forms.CharField(
                label=_("Commentaire"), required=False, max_length=2000
            )
            if None in own:
                self.initial.update({"volunteer": True, "reason": own[None].reason})
        elif proposal.form == ProposalForm.CHOIX:
            choices = [(str(o.pk), str(o)) for o in self.options]
            field = (
                forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
                if proposal.multiple
                else forms.ChoiceField(widget=forms.RadioSelect)
            )
            field.label = _("Votre choix")
            field.choices = choices
            self.fields["chosen"] = field
            chosen = [str(pk) for pk in own if pk is not None]
            if chosen:
                self.initial["chosen"] = chosen if proposal.multiple else chosen[0]
        else:  # date
            for option in self.options:
                self.fields[f"option_{option.pk}"] = forms.ChoiceField(
                    label=str(option),
                    choices=[(v, labels[v]) for v in values],
                    widget=forms.RadioSelect,
                    required=False,
                )
                if option.pk in own:
                    self.initial[f"option_{option.pk}"] = own[option.pk].value

    def service_arguments(self) -> dict:
        data, form = self.cleaned_data, self.proposal.form
        if form in (ProposalForm.AVIS, ProposalForm.CONSENTEMENT):
            return {"value": data["value"], "reason": data.get("reason", "")}
        if form == ProposalForm.VOLONTAIRES:
            value = AnswerValue.VOLONTAIRE if data.get("volunteer") else ""
            return {"value": value, "reason": data.get("reason", "")}
        if form == ProposalForm.CHOIX:
            chosen = data["chosen"]
            chosen = chosen if isinstance(chosen, list) else [chosen]
            return {"choices": {int(pk): AnswerValue.CHOISI for pk in chosen}}
        return {
            "choices": {
                o.pk: data.get(f"option_{o.pk}") for o in self.options if data.get(f"option_{o.pk}")
            }
        }


class ProposalCloseForm(DsfrForm):
    outcome = forms.CharField(
        label=_("Issue"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que le cercle décide : cette issue entre au registre des décisions."),
        max_length=5000,
    )
    review_on = DateFormField(
        label=_("À revoir le"),
        required=False,
        widget=DateInput(),
        help_text=_("La décision reviendra à l'ordre du jour de la réunion qui suit cette date."),
    )
    create_meeting = forms.BooleanField(
        label=_("Créer la réunion à la meilleure date"), required=False
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal.form != ProposalForm.DATE:
            del self.fields["create_meeting"]

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.utils import dsfr_input_class_attr

from notifications.enums import Delivery
from notifications.models import NotificationPreference, ReminderSettings
from notifications.preferences import DIGEST_KEY, effective_choice
from notifications.registry import all_kinds
from qic.forms import DsfrForm, DsfrModelForm

OFF = "desactive"


class PreferencesForm(DsfrForm):
    """One choice per kind of reminder the user may receive: by e-mail at once, in the
    weekly digest, or not at all. The digest itself comes first."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
        kinds = sorted(
            (kind for kind in all_kinds() if kind.applies_to(user)),
            key=lambda kind: (kind.key != DIGEST_KEY, str(kind.label)),
        )
        self.kinds = {kind.key: kind for kind in kinds}
        for kind in kinds:
            if kind.key == DIGEST_KEY:
                choices = [(Delivery.IMMEDIATE, _("le recevoir")), (OFF, _("ne pas le recevoir"))]
            elif kind.digest_allowed:
                choices = [*Delivery.choices, (OFF, _("ne pas recevoir"))]
            else:
                choices = [
                    (Delivery.IMMEDIATE, Delivery.IMMEDIATE.label),
                    (OFF, _("ne pas recevoir")),
                ]
            choice = effective_choice(kind, saved.get(kind.key))
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=choices,
                widget=forms.RadioSelect,
                initial=choice.delivery if choice.enabled else OFF,
            )
            dsfr_input_class_attr(self[kind.key])

    def choices(self) -> dict[str, tuple[bool, str]]:
        """``{kind: (enabled, delivery)}`` from the cleaned data."""
        result = {}
        for key, kind in self.kinds.items():
            value = self.cleaned_data[key]
            if value == OFF:
                result[key] = (False, kind.default_delivery)
            else:
                result[key] = (True, value)
        return result


class ReminderSettingsForm(DsfrModelForm):
    class Meta:
        model = ReminderSettings
        fields = [
            "inactivity_days",
            "commitment_notice_days",
            "commitment_escalation_days",
            "meeting_notice_days",
            "measurement_notice_days",
            "send_hour",
            "digest_weekday",
            "digest_hour",
            "max_attempts",
            "notification_retention_days",
        ]

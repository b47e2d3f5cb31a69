"""The kinds of site events this app owns (registry and writing: ``quartiers.events``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qic.numbers import format_decimal
from quartiers.events import EventKind, Fact, register
from visions.enums import ActionStatus


def _version(version, today) -> Fact:
    return Fact(
        version.vision.site_id,
        version.adopted_on,
        str(version.number),
        version.adopted_by,
        link_id=version.vision.site_id,
        actor_id=version.recorded_by_id,
    )


def _version_label(number: str) -> str:
    return _("Version %(number)s") % {"number": number}


def _measurement(measurement, today) -> Fact:
    site_id = measurement.indicator.objective.vision.site_id
    return Fact(
        site_id,
        measurement.date,  # the day the value is for
        measurement.indicator.name,
        format_decimal(measurement.value),
        link_id=site_id,
        actor_id=measurement.entered_by_id,
    )


STARTED = (ActionStatus.EN_COURS, ActionStatus.TERMINEE)


def _action_started(action, today) -> Fact | None:
    if action.status not in STARTED or action.start_date is None:
        return None
    return Fact(action.site_id, action.start_date, action.title, link_id=action.pk)


def _action_finished(action, today) -> Fact | None:
    if action.status != ActionStatus.TERMINEE or action.end_date is None:
        return None
    return Fact(action.site_id, action.end_date, action.title, link_id=action.pk)


ACTIONS = {
    "model": "visions.Action",
    "group": "actions",
    "group_label": gettext_lazy("actions lancées ou terminées"),
    "badge": "fr-badge--orange-terre-battue",
    "url_name": "visions:action_detail",
}

register(
    EventKind(
        "vision",
        "visions.VisionVersion",
        _version,
        title=gettext_lazy("Vision adoptée"),
        group="vision",
        group_label=gettext_lazy("visions adoptées"),
        badge="fr-badge--green-emeraude",
        url_name="visions:vision_detail",
        related=("vision",),
        show_label=_version_label,
    )
)
register(
    EventKind(
        "mesure",
        "visions.Measurement",
        _measurement,
        title=gettext_lazy("Mesure saisie"),
        group="mesures",
        group_label=gettext_lazy("mesures saisies"),
        badge="fr-badge--blue-cumulus",
        url_name="visions:indicator_grid",
        related=("indicator__objective__vision",),
    )
)
register(
    EventKind("action_lancee", fact=_action_started, title=gettext_lazy("Action lancée"), **ACTIONS)
)
register(
    EventKind(
        "action_terminee", fact=_action_finished, title=gettext_lazy("Action terminée"), **ACTIONS
    )
)

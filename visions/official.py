"""Baselines from official data: an indicator tied to an INSEE variable of one QPV.

The baseline is the latest vintage's value when the tie is made (``baseline_from``); a
newer vintage imported later is offered on the indicator's page as a new measurement
(``newer_value``, ``official_measurement_record``), never applied by itself. A value
under statistical secrecy cannot be a baseline.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_EVEN, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qic.numbers import format_decimal
from statistiques.models import StatValue

PLACES = Decimal("0.01")


def vintage_date(vintage: int) -> datetime.date:
    """The day a vintage's value stands for: the last day of its year."""
    return datetime.date(vintage, 12, 31)


def choice_key(quartier_id: int, variable_id: int) -> str:
    return f"{quartier_id}-{variable_id}"


def parse_key(key: str) -> tuple[int, int] | None:
    try:
        quartier_id, variable_id = (int(part) for part in key.split("-"))
    except (AttributeError, ValueError):
        return None
    return quartier_id, variable_id


def site_choices(site) -> list[tuple[str, str]]:
    """Each (QPV of the site, variable) with a published value, latest vintage shown."""
    latest: dict[tuple, StatValue] = {}
    for value in (
        StatValue.objects.filter(quartier__sites=site, is_benchmark=False)
        .select_related("variable", "quartier")
        .order_by("quartier__code", "variable__theme", "variable__label", "vintage")
    ):
        latest[(value.quartier_id, value.variable_id)] = value
    choices = []
    for value in latest.values():
        shown = value.get_secrecy_display() if value.secrecy else format_decimal(value.value)
        choices.append(
            (
                choice_key(value.quartier_id, value.variable_id),
                _("%(qpv)s — %(label)s (%(code)s) : %(value)s en %(vintage)d")
                % {
                    "qpv": value.quartier.name,
                    "label": value.variable.label,
                    "code": value.variable.code,
                    "value": shown,
                    "vintage": value.vintage,
                },
            )
        )
    return choices


def official_value(quartier_id, variable_id, vintage=None) -> StatValue | None:
    """The value of that vintage, or of the latest one."""
    values = StatValue.objects.filter(
        quartier_id=quartier_id, variable_id=variable_id, is_benchmark=False
    ).select_related("variable", "quartier", "source")
    if vintage is not None:
        values = values.filter(vintage=vintage)
    return values.order_by("-vintage").first()


def describe(value: StatValue) -> str:
    """« Insee, revenus_2021.zip — DISP_MED, QN04201M, millésime 2021 »."""
    return (
        _("%(source)s — %(code)s, %(qpv)s, millésime %(vintage)d")
        % {
            "source": value.source,
            "code": value.variable.code,
            "qpv": value.quartier.code,
            "vintage": value.vintage,
        }
    )[:300]


def baseline_from(value: StatValue) -> tuple[Decimal, datetime.date]:
    """The baseline (value, date) a vintage gives; ``ValidationError`` when it cannot."""
    if value.value is None:
        raise ValidationError(
            _(
                "Cette donnée est « %(mark)s » en %(vintage)d : elle ne peut pas servir de référence."
            )
            % {"mark": value.get_secrecy_display(), "vintage": value.vintage}
        )
    day = vintage_date(value.vintage)
    if day > timezone.localdate():
        raise ValidationError(
            _("Ce millésime n'est pas encore clos : il ne peut pas servir de référence.")
        )
    return value.value.quantize(PLACES, rounding=ROUND_HALF_EVEN), day


def newer_value(indicator) -> StatValue | None:
    """A vintage newer than the baseline and the latest measurement, with a number, not
    yet recorded: what the indicator's page offers as a new measurement."""
    if not (indicator.official_variable_id and indicator.official_quartier_id):
        return None
    after = max(
        indicator.official_vintage or 0,
        indicator.latest_date.year if indicator.latest_date else 0,
    )
    today = timezone.localdate()
    candidates = (
        StatValue.objects.filter(
            quartier_id=indicator.official_quartier_id,
            variable_id=indicator.official_variable_id,
            is_benchmark=False,
            vintage__gt=after,
            vintage__lt=today.year,
            value__isnull=False,
        )
        .select_related("variable", "quartier", "source")
        .order_by("-vintage")
    )
    value = candidates.first()
    if value is None or indicator.measurements.filter(date=vintage_date(value.vintage)).exists():
        return None
    return value

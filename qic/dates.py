"""Plausible dates: what a person types in a form, the API or a CSV file.

Year 1 or year 9999 is a typo, never a date of the programme, and year 9999 breaks
date arithmetic and time zones further on. Every date typed by a user lies between
``EARLIEST`` (before the oldest data of the politique de la ville that a site may quote
as a reference) and ``FUTURE_YEARS`` years from today (the farthest target or horizon).
Rules of a field of its own (a measurement is not in the future, an end follows its
start) are checked on top, where they are.

One validator, carried by the fields themselves: model fields wrapped in ``plausible()``
(so ModelForms, the API's ModelSerializers and ``full_clean`` all check it), the form
fields below for forms that are not model forms, the API serializers' own date fields,
and the CSV importer of measurements.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = datetime.date(1990, 1, 1)
FUTURE_YEARS = 20


def latest(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + FUTURE_YEARS, day=28)


def validate_plausible_date(value) -> None:
    """A date (or the day of a date and time) between ``EARLIEST`` and ``latest()``."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    last = latest()
    if not EARLIEST <= day <= last:
        raise ValidationError(
            _("Date invraisemblable : elle doit être comprise entre le %(first)s et le %(last)s.")
            % {"first": EARLIEST.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")},
            code="implausible_date",
        )


class DateFormField(forms.DateField):
    default_validators = [validate_plausible_date]


class DateTimeFormField(forms.DateTimeField):
    default_validators = [validate_plausible_date]


def plausible(field: models.DateField) -> models.DateField:
    """``field`` (a model ``DateField`` or ``DateTimeField``) with ``validate_plausible_date``
    among its default validators: ModelForms, the API's ModelSerializers and
    ``full_clean`` run it. Not a subclass, which the ORM would see as another type in
    expressions mixing dates (``Greatest``, ``Coalesce``); not in ``validators=``, which
    migrations would store: the schema does not change."""
    field.default_validators = [*field.default_validators, validate_plausible_date]
    return field

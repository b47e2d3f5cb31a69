"""Numbers as French people type and read them: « 1 234,5 ».

``parse_decimal`` reads what a person types in a form or a spreadsheet exports to CSV;
``format_decimal`` writes a number for a page, a chart or a CSV cell;
``FrenchDecimalField`` is a form field built on both. Nothing here touches the database.

Hand-written rather than Babel's ``parse_decimal``: we accept exactly one decimal mark
(comma or point) and spaces as thousands separators, and refuse everything else with
a message that says what to type; Babel's locale-driven parsing does not give us
those messages.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Spaces a spreadsheet or a French keyboard puts between thousands: plain, no-break,
# narrow no-break, thin.
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
_NUMBER_RE = re.compile(r"^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)$")
# The Unicode minus and dashes people paste from word processors.
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})


class NumberError(ValueError):
    """The text is not a number we can read; ``str(error)`` says why, in French."""


def parse_decimal(text: str, *, max_digits: int = 14, decimal_places: int = 2) -> Decimal:
    """The ``Decimal`` in ``text`` (« 12,5 », « 1 234,50 », « -3 », « 12.5 »).

    Raises ``NumberError`` with a French message for anything else, including more
    than ``decimal_places`` decimals or more than ``max_digits`` digits in all.
    """
    cleaned = _GROUP_SPACES.sub("", str(text).strip()).translate(_MINUS_SIGNS)
    if not cleaned:
        raise NumberError(_("La valeur est vide."))
    if not _NUMBER_RE.fullmatch(cleaned):
        raise NumberError(
            _("« %(text)s » n'est pas un nombre : écrivez par exemple 12,5 ou 1 234.")
            % {"text": _shorten(str(text).strip())}
        )
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above already guarantees it
        raise NumberError(_("« %(text)s » n'est pas un nombre.") % {"text": text}) from None
    decimals = max(0, -value.as_tuple().exponent)
    if decimals > decimal_places:
        # Trailing zeros do not count: 12,50 is fine with one decimal place.
        value = value.normalize()
        if max(0, -value.as_tuple().exponent) > decimal_places:
            raise NumberError(
                _("Pas plus de %(places)d chiffres après la virgule.") % {"places": decimal_places}
            )
    integer_digits = len(str(abs(value.to_integral_value(rounding="ROUND_DOWN"))).lstrip("0"))
    if integer_digits > max_digits - decimal_places:
        raise NumberError(
            _("Nombre trop grand : pas plus de %(digits)d chiffres avant la virgule.")
            % {"digits": max_digits - decimal_places}
        )
    return value


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_decimal(value, *, places: int | None = None, grouping: bool = True) -> str:
    """``value`` written the French way: « 1 234,5 ». Trailing zeros are dropped unless
    ``places`` fixes the number of decimals. ``None`` gives an empty string."""
    if value is None:
        return ""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
        text = f"{number:f}"
    else:
        text = f"{number.normalize():f}" if number != 0 else "0"
    negative = text.startswith("-")
    integer, _dot, fraction = text.lstrip("-").partition(".")
    if grouping and len(integer) > 3:
        # French typography groups digits by three with a narrow no-break space.
        groups = []
        while integer:
            groups.insert(0, integer[-3:])
            integer = integer[:-3]
        integer = "\u202f".join(groups)
    result = integer + ("," + fraction if fraction else "")
    return ("-" if negative and number != 0 else "") + result


class DecimalTextInput(forms.TextInput):
    """A text box for numbers: the numeric keypad on phones, commas accepted everywhere
    (``type=number`` refuses « 12,5 » in some browsers)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed the French way (« 1 234,5 »), with French error messages."""

    widget = DecimalTextInput

    def __init__(self, *, max_digits=14, decimal_places=2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def widget_attrs(self, widget):
        # No step/min/max attributes: they belong to type=number.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_decimal(
                value, max_digits=self.max_digits, decimal_places=self.decimal_places
            )
        except NumberError as exc:
            raise ValidationError(str(exc), code="invalid") from None

    def validate(self, value):
        forms.Field.validate(self, value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_decimal(value, grouping=False)
        return value

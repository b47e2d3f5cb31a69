"""Base filter set: ``modified_since`` for incremental synchronisation."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

MODIFIED_SINCE_HELP = _(
    "Seulement ce qui a été créé ou modifié à partir de cette date et heure "
    "(ISO 8601, par exemple 2025-03-01T08:00:00+01:00)."
)


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, turned into UTC before it reaches the database (which
    refuses offsets beyond its own range, where Python accepts ±23:59)."""

    default_error_messages = {
        "out_of_range": _("Date et heure hors des limites acceptées."),
    }

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(
                self.error_messages["out_of_range"], code="out_of_range"
            ) from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


def modified_since(field_name: str = "updated_at"):
    return UtcDateTimeFilter(field_name=field_name, lookup_expr="gte", label=MODIFIED_SINCE_HELP)


class FilterSet(django_filters.FilterSet):
    """Every API list filters on ``modified_since`` (``updated_at >= value``). A model whose
    « last modified » is another field redeclares it: ``modified_since = modified_since("created_at")``.
    """

    modified_since = modified_since()

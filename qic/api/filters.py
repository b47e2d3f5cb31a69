"""Base filter set: ``modified_since`` for incremental synchronisation, and filters on
another object's id scoped as lists are."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

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


MAX_ID = 2**63 - 1  # a database id is a signed 64-bit integer


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.Filter):
    """An object's id: a positive 64-bit integer (beyond, a 400, not a database error).

    The object must be one the user sees (``model.objects.for_user(user, "view")``): an
    id out of their sight filters everything out, as an id that does not exist, so a
    filter never tells what a list does not show (which sites a session saw…).
    ``model`` is read from ``field_name`` along the filter set's model; a filter with a
    ``method`` names it. ``scoped=False`` only for a model without ``for_user`` whose
    ids reveal nothing (the accounts named on the rows already listed).
    """

    field_class = IdField

    def __init__(self, *args, model=None, scoped=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.scoped_model = model
        self.scoped = scoped

    def target_model(self):
        """The model whose ids this filter takes."""
        if self.scoped_model is not None:
            return self.scoped_model
        model = self.model
        for part in self.field_name.split("__"):
            model = model._meta.get_field(part).related_model
        return model


class FilterSet(django_filters.FilterSet):
    """Every API list filters on ``modified_since`` (``updated_at >= value``). A model whose
    « last modified » is another field redeclares it: ``modified_since = modified_since("created_at")``.
    """

    modified_since = modified_since()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        user = getattr(self.request, "user", None)
        for name, value in self.form.cleaned_data.items():
            field = self.filters[name]
            if value is None or not isinstance(field, IdFilter) or not field.scoped:
                continue
            # A condition of the same query (no extra round trip): false when the object
            # named is out of the user's sight.
            visible = field.target_model().objects.for_user(user, "view").filter(pk=value)
            queryset = queryset.filter(Exists(visible))
        return queryset

"""Filter fields for short reference lists (régions, départements, cohortes…).

Django iterates a ``ModelChoiceField``'s choices with ``queryset.iterator()``: on
PostgreSQL a server-side cursor (``DECLARE`` / ``FETCH`` / ``CLOSE``, three round trips)
each time the select is rendered, plus one more query to check a submitted value. A
reference list is a few hundred rows at most: these fields read it in one plain query,
kept in the field's queryset for the request (each form gets its own copy of the
queryset), and check a submitted value against those rows.
"""

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import ModelChoiceField, ModelChoiceIterator


class ReferenceChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:  # evaluated once, then read from its result cache
            yield self.choice(obj)


class ReferenceChoiceField(ModelChoiceField):
    iterator = ReferenceChoiceIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.null_label is not None and value == self.null_value:
            return value
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        wanted = self._key_value(key, value)
        for obj in self.queryset:
            if wanted is not None and getattr(obj, key) == wanted:
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )

    def _key_value(self, key, value):
        """``value`` as the key field holds it ("07" is the pk 7), or None when it
        cannot be one (the query Django runs would fail the same way)."""
        meta = self.queryset.model._meta
        field = meta.pk if key == "pk" else meta.get_field(key)
        try:
            return field.to_python(value)
        except ValidationError:
            return None


class ReferenceChoiceFilter(django_filters.ModelChoiceFilter):
    """``ModelChoiceFilter`` over a short reference list (see the module's docstring)."""

    field_class = ReferenceChoiceField

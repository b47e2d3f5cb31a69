"""Base serializer: the model's own validation runs before anything is written."""

import copy
import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.functional import cached_property
from django.utils.text import capfirst
from rest_framework import serializers
from rest_framework.serializers import as_serializer_error

# No docstrings on these three classes: drf-spectacular would publish them as the
# description of every serializer that inherits them without a docstring of its own.


class ReadableFieldsMixin:
    # The readable fields in a list, built once per serializer: DRF walks a generator
    # over all the fields again for every row it writes (about a tenth of a list's
    # serialisation), though they never change once the serializer is built.

    @cached_property
    def _readable_fields(self):
        return [field for field in self.fields.values() if not field.write_only]


class Serializer(ReadableFieldsMixin, serializers.Serializer):
    pass  # summaries nested in the rows of lists


class ReadOnlyModelSerializer(ReadableFieldsMixin, serializers.ModelSerializer):
    pass  # rows only read, nested in another resource: no model validation


class ModelSerializer(ReadableFieldsMixin, serializers.ModelSerializer):
    """A ModelSerializer that

    - runs ``Model.full_clean()`` (field validators, ``clean()``, unique fields and
      constraints) on the instance as it would be saved, so the API refuses exactly what
      the forms refuse, with the same French messages, as a 400;
    - describes every field in French in the OpenAPI schema (its label when it has no
      help text).
    """

    # Fields that the view sets itself (author, parent…) are not validated here.
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if not field.help_text and field.label:
                field.help_text = capfirst(field.label)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {f.name for f in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        writable = {name for name, f in self.fields.items() if not f.read_only}
        writable = {self.fields[name].source for name in writable} & concrete
        exclude = [f.name for f in model._meta.fields if f.name not in writable]
        try:
            instance.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(as_serializer_error(exc)) from None
        return attrs


class UserSummarySerializer(Serializer):
    """An account, as the pages name it."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True, help_text="Nom affiché")


@functools.cache
def frozen(serializer_class, names: tuple[str, ...]):
    """The same serializer with ``names`` read-only, for updates: a row's parent (its
    site, its indicator, its meeting…) is chosen at creation and never changes. A class
    of its own (``…UpdateSerializer``), so that the schema documents each body."""

    class Frozen(serializer_class):
        def get_fields(self):
            fields = super().get_fields()
            for name in names:
                fields[name].read_only = True
                fields[name].required = False
            return fields

    Frozen.__name__ = serializer_class.__name__.replace("Serializer", "UpdateSerializer")
    Frozen.__qualname__ = Frozen.__name__
    Frozen.__module__ = serializer_class.__module__
    return Frozen

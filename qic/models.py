"""Small model helpers shared by every app."""

from decimal import Decimal

from django.db import models


class NormalizedDecimalsMixin:
    """Store decimals at their field's precision (15 → 15.0 for one decimal place).

    The change journal compares the value in memory with the one read back from the
    database as text: without this, re-saving 15 over 15.0 would log a change.
    """

    def save(self, *args, **kwargs):
        for field in self._meta.concrete_fields:
            if isinstance(field, models.DecimalField):
                value = getattr(self, field.attname)
                if value is not None:
                    step = Decimal(1).scaleb(-field.decimal_places)
                    setattr(self, field.attname, Decimal(value).quantize(step))
        super().save(*args, **kwargs)

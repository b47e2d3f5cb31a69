"""``__in`` on integer columns, with the ids no column can hold left out.

Django (5.0+) answers « nothing » when an exact or compared integer is out of the
column's range, but sends ``__in`` values as they are: an id of twenty digits typed in a
form (a multiple choice of objectives) or a query string then fails in the database
driver (SQLite: ``OverflowError``; PostgreSQL: out of range), a 500. Registered on
``IntegerField`` (ids included) by ``qic.apps``.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerIn(In):
    lookup_name = "in"

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)

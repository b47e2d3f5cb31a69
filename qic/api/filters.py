"""Base filter set: ``modified_since`` for incremental synchronisation."""

import django_filters
from django.utils.translation import gettext_lazy as _

MODIFIED_SINCE_HELP = _(
    "Seulement ce qui a été créé ou modifié à partir de cette date et heure "
    "(ISO 8601, par exemple 2025-03-01T08:00:00+01:00)."
)


def modified_since(field_name: str = "updated_at"):
    return django_filters.IsoDateTimeFilter(
        field_name=field_name, lookup_expr="gte", label=MODIFIED_SINCE_HELP
    )


class FilterSet(django_filters.FilterSet):
    """Every API list filters on ``modified_since`` (``updated_at >= value``). A model whose
    « last modified » is another field redeclares it: ``modified_since = modified_since("created_at")``.
    """

    modified_since = modified_since()

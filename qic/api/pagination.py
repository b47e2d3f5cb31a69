"""Keyset (cursor) pagination: a stable order that survives writes between two pages.

Rows are ordered by one field of the model and then by id; the ``next`` link carries
the last row's (value, id), and the following page starts strictly after it. A row
written between two requests moves, but none is skipped or shown twice because an
earlier row disappeared, and ties on the field (thousands of rows imported in the same
second) cost nothing: the id breaks them. DRF's own CursorPagination keeps an offset
for ties and gives up past 1,000 of them, hence this class.

A view names the fields its lists may be ordered by in ``ordering_fields`` (non-null
model fields only) and the default in ``ordering`` (``"updated_at"`` unless said):
sync clients read ``?modified_since=…`` in that default order (docs/api.md).
"""

import base64
import binascii
import json
from collections import OrderedDict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_ORDERING = "updated_at"


def _invalid(param: str, message: str):
    return exceptions.ValidationError({param: [message]})


class KeysetPagination(BasePagination):
    page_size = 50
    max_page_size = 500
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    # --- ordering -----------------------------------------------------------------------

    @staticmethod
    def ordering_fields(view) -> list[str]:
        default = getattr(view, "ordering", DEFAULT_ORDERING)
        fields = list(getattr(view, "ordering_fields", None) or [default])
        return fields if default in fields else [default, *fields]

    def get_ordering(self, request, view) -> str:
        default = getattr(view, "ordering", DEFAULT_ORDERING)
        wanted = request.query_params.get(self.ordering_query_param)
        if not wanted:
            return default
        if wanted.lstrip("-") not in self.ordering_fields(view):
            allowed = ", ".join(self.ordering_fields(view))
            raise _invalid(
                self.ordering_query_param,
                _(
                    "Tri inconnu « %(value)s » : choisissez parmi %(allowed)s (précédé de « - » pour l'ordre décroissant)."
                )
                % {"value": wanted, "allowed": allowed},
            )
        return wanted

    # --- page size --------------------------------------------------------------------

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if not 1 <= value <= self.max_page_size:
            raise _invalid(
                self.page_size_query_param,
                _("Nombre entier de 1 à %(max)d attendu.") % {"max": self.max_page_size},
            )
        return value

    # --- cursor -----------------------------------------------------------------------

    def _encode(self, ordering: str, value: str, pk) -> str:
        payload = json.dumps({"o": ordering, "v": value, "id": pk}, separators=(",", ":"))
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")

    def _decode(self, raw: str, ordering: str, model_field):
        message = _("Curseur invalide : reprenez le lien « next » de la page précédente.")
        try:
            padded = raw + "=" * (-len(raw) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
            cursor_ordering, value, pk = payload["o"], payload["v"], int(payload["id"])
            if cursor_ordering == ordering:
                value = model_field.to_python(value)
        except (
            binascii.Error,
            ValueError,
            TypeError,
            KeyError,
            UnicodeError,
            DjangoValidationError,
        ):
            raise _invalid(self.cursor_query_param, message) from None
        if cursor_ordering != ordering or value is None:
            raise _invalid(
                self.cursor_query_param,
                _("Ce curseur a été obtenu avec un autre tri : reprenez depuis la première page."),
            )
        return value, pk

    # --- paging -----------------------------------------------------------------------

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        ordering = self.get_ordering(request, view)
        name = ordering.lstrip("-")
        descending = ordering.startswith("-")
        model_field = queryset.model._meta.get_field(name)
        queryset = queryset.order_by(ordering, "-pk" if descending else "pk")
        raw_cursor = request.query_params.get(self.cursor_query_param)
        if raw_cursor:
            value, pk = self._decode(raw_cursor, ordering, model_field)
            after = "lt" if descending else "gt"
            queryset = queryset.filter(
                Q(**{f"{name}__{after}": value}) | Q(**{name: value, f"pk__{after}": pk})
            )
        rows = list(queryset[: self.page_size + 1])
        self.next_cursor = None
        if len(rows) > self.page_size:
            rows = rows[: self.page_size]
            last = rows[-1]
            self.next_cursor = self._encode(ordering, model_field.value_to_string(last), last.pk)
        return rows

    def get_next_link(self):
        if self.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_first_link(self):
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data):
        return Response(OrderedDict([("next", self.get_next_link()), ("results", data)]))

    # --- OpenAPI ----------------------------------------------------------------------

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": str(
                        gettext_lazy("Adresse de la page suivante ; null sur la dernière page.")
                    ),
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        fields = self.ordering_fields(view)
        default = getattr(view, "ordering", DEFAULT_ORDERING)
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    gettext_lazy(
                        "Position dans la liste, tirée du lien « next » de la page précédente."
                    )
                ),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": str(gettext_lazy("Nombre de résultats par page (50 par défaut).")),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            },
            {
                "name": self.ordering_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    gettext_lazy("Tri : un champ, précédé de « - » pour l'ordre décroissant.")
                ),
                "schema": {
                    "type": "string",
                    "enum": [f for field in fields for f in (field, f"-{field}")],
                    "default": default,
                },
            },
        ]

"""Middleware of the project."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from qic.api.exceptions import json_error


def reject_nul_characters(get_response):
    """A query string with a NUL character (``%00``) is refused with a 400: no page or
    filter has a use for one, and PostgreSQL refuses it in any text it compares (a 500
    wherever a view reads ``request.GET`` without a form). Forms refuse it in their fields
    already (Django's ``ProhibitNullCharactersValidator``)."""

    def middleware(request):
        if any("\x00" in key or "\x00" in value for key, value in _items(request.GET)):
            message = _("L'adresse contient un caractère nul : elle ne peut pas être lue.")
            if request.path.startswith("/api/"):
                return json_error(400, message, "invalid")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware


def _items(query):
    for key, values in query.lists():
        for value in values:
            yield key, value

"""The API's JSON parser: DRF's, with a size and a depth limit (docs/api.md, « Limites »).

The size is Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``: DRF reads a JSON body through
``request.body``, which enforces it (``RequestDataTooBig``, turned into this 400 by
``qic.api.exceptions``); the parser checks it again for a stream read directly.
Python's ``json`` recurses once per level of nesting, so a body nested a thousand levels
deep raised ``RecursionError`` (a 500); and a body deeper than any resource of the API
needs is refused whatever its parser would make of it.
"""

import codecs
import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers
from rest_framework.settings import api_settings
from rest_framework.utils import json as drf_json

# The deepest body of the API, a bulk creation (``[{…}, …]``), has two levels: eight
# leave room for what a client adds, and are far from Python's recursion limit.
MAX_DEPTH = 8


class BodyTooLarge(exceptions.ParseError):
    default_detail = _("Le corps de la requête est trop volumineux.")
    default_code = "too_large"


class BodyTooDeep(exceptions.ParseError):
    default_detail = _("Le corps de la requête est imbriqué trop profondément.")
    default_code = "too_deep"


def max_body_bytes() -> int:
    """The largest JSON body accepted: Django's limit for the bodies it reads itself."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def depth(value) -> int:
    """Levels of arrays and objects in a parsed document (0 for a plain value), without
    recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest


def too_large() -> BodyTooLarge:
    return BodyTooLarge(
        _("Le corps de la requête est trop volumineux (%(limit)d octets au plus).")
        % {"limit": max_body_bytes()}
    )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = max_body_bytes()
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise too_large()
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(data, encoding)
            parse_constant = drf_json.strict_constant if api_settings.STRICT_JSON else None
            document = json.loads(text, parse_constant=parse_constant)
        except RecursionError:
            raise BodyTooDeep() from None
        except ValueError as exc:  # invalid JSON or text; numbers of more than 4,300 digits
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if depth(document) > MAX_DEPTH:
            raise BodyTooDeep(
                _(
                    "Le corps de la requête est imbriqué trop profondément "
                    "(%(depth)d niveaux au plus)."
                )
                % {"depth": MAX_DEPTH}
            )
        return document

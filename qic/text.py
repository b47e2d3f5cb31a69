"""French text helpers."""

from django.utils.translation import ngettext


def plural(count: int, singular: str, plural_form: str) -> str:
    """``ngettext`` with the French rule: 0 and 1 take the singular (« 0 modifié »).

    Both forms stay in the translation catalogue; only the count that picks one
    follows French grammar, whatever the active catalogue says.
    """
    return ngettext(singular, plural_form, 1 if count <= 1 else 2) % {"count": count}

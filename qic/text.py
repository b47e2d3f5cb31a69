"""French text helpers."""

from django.utils.translation import ngettext


def plural(count: int, singular: str, plural_form: str) -> str:
    """``ngettext`` with the French rule: 0 and 1 take the singular (« 0 modifié »).

    Both forms stay in the translation catalogue; only the count that picks one
    follows French grammar, whatever the active catalogue says.
    """
    return ngettext(singular, plural_form, 1 if count <= 1 else 2) % {"count": count}


def duration(value) -> str:
    """A timedelta in French words: « 5 minutes », « 1 jour », « 2,4 s »."""
    if value is None:
        return "—"
    seconds = value.total_seconds()
    if seconds < 60:
        return f"{seconds:.1f} s".replace(".", ",")
    for unit_seconds, singular, plural_form in (
        (86400, "%(count)s jour", "%(count)s jours"),
        (3600, "%(count)s heure", "%(count)s heures"),
        (60, "%(count)s minute", "%(count)s minutes"),
    ):
        if seconds >= unit_seconds and seconds % unit_seconds == 0:
            return plural(int(seconds // unit_seconds), singular, plural_form)
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes} min {rest:02d} s"

"""Errors of an import: collected, located (line or GeoJSON feature, then field), then raised
all at once so that the person fixing the file sees every problem in one run."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Beyond this, more messages drown the first ones; the rest are only counted.
MAX_SHOWN_ERRORS = 50


class QpvImportError(Exception):
    """The files cannot be imported; nothing was written. ``errors`` lists every problem."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(self.message())

    def shown_errors(self) -> list[str]:
        shown = self.errors[:MAX_SHOWN_ERRORS]
        hidden = len(self.errors) - len(shown)
        if hidden:
            shown.append(
                ngettext("… et %(count)d autre erreur.", "… et %(count)d autres erreurs.", hidden)
                % {"count": hidden}
            )
        return shown

    def message(self) -> str:
        count = len(self.errors)
        title = ngettext(
            "Import impossible : %(count)d erreur, rien n'a été enregistré.",
            "Import impossible : %(count)d erreurs, rien n'a été enregistré.",
            count,
        ) % {"count": count}
        return "\n".join([title, *self.shown_errors()])


class ErrorList:
    """Gathers located messages; ``raise_if_any`` sorts them by place and raises."""

    def __init__(self):
        self._errors: list[tuple[tuple, str]] = []

    def __bool__(self):
        return bool(self._errors)

    def add(self, message: str, *, sort_key: tuple = (0,)) -> None:
        self._errors.append((sort_key, message))

    def at_line(self, line: int, column: str | None, message: str) -> None:
        """An error in the CSV: physical line (header = 1) and column name."""
        if column:
            where = _("Ligne %(line)d, colonne « %(column)s »") % {"line": line, "column": column}
        else:
            where = _("Ligne %(line)d") % {"line": line}
        self.add(f"{where} : {message}", sort_key=(0, line))

    def at_feature(self, index: int, code: str, field: str, message: str) -> None:
        """An error in the GeoJSON: feature number (from 1), its code if any, and the field."""
        where = _("Périmètres, entité n° %(index)d (%(code)s), champ « %(field)s »") % {
            "index": index,
            "code": code or _("sans code"),
            "field": field,
        }
        self.add(f"{where} : {message}", sort_key=(1, index))

    def extend(self, other: "ErrorList") -> None:
        self._errors.extend(other._errors)

    def messages(self) -> list[str]:
        # A stable sort keeps the order of discovery within one line.
        return [message for _key, message in sorted(self._errors, key=lambda item: item[0])]

    def raise_if_any(self) -> None:
        if self._errors:
            raise QpvImportError(self.messages())

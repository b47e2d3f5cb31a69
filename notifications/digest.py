"""Sections of the weekly digest: the extension point for what concerns a user.

A section is a function ``(user, sites, window) -> DigestSection | None`` registered
with ``@digest_section(order)``; ``sites`` are the sites the user follows
(``notifications.audience.followed_sites``), ``window`` the period the digest covers.
The digest shows, in order, the reminders the user chose to receive in the digest,
then every section that has lines. A digest with nothing in it is not sent.

Sections: upcoming meetings (kinds/meeting_soon.py), the person's open commitments
(kinds/commitment_due.py), measurements due (kinds/measurement_due.py), status and
trinôme changes and the site journal (kinds/digest.py); docs/reminders.md lists them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet


@dataclass(frozen=True)
class DigestLine:
    text: str
    url: str = ""  # absolute: it goes into an e-mail


@dataclass(frozen=True)
class DigestSection:
    title: str
    lines: list[DigestLine] = field(default_factory=list)


@dataclass(frozen=True)
class DigestWindow:
    since: datetime  # the previous digest sent, or the account's creation (5 weeks at most)
    until: datetime
    today: date  # for "upcoming" sections: what is due from today on


Section = Callable[[object, QuerySet, DigestWindow], DigestSection | None]

_SECTIONS: list[tuple[int, Section]] = []


def digest_section(order: int):
    """Register a digest section; lower ``order`` comes first."""

    def decorator(func: Section) -> Section:
        _SECTIONS.append((order, func))
        _SECTIONS.sort(key=lambda pair: pair[0])
        return func

    return decorator


def sections() -> list[Section]:
    return [func for _order, func in _SECTIONS]

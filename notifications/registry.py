"""The registry of reminder kinds.

A *kind* says three things, and nothing about sending (the engine in
``notifications.services`` does that, identically for every kind):

1. what is due (``due(ctx)``: objects, recipients and occurrences, as of ``ctx.now``);
2. to whom: the recipients are explicit, yielded by ``due`` — never "everyone who
   can see the object";
3. what the e-mail and the in-app notification say (templates
   ``notifications/emails/<key>.txt``, ``.html`` and ``<key>_subject.txt``; ``message``).

One kind is one module in ``notifications/kinds/``, imported by
``notifications/kinds/__init__.py``. docs/reminders.md is the recipe.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.utils import timezone

from notifications.enums import Delivery

if TYPE_CHECKING:
    from notifications.models import Reminder, ReminderSettings


# A reminder whose day passed this long ago without its row being created is not
# created any more: when a kind is deployed on old data, or after a very long outage,
# nobody gets a flood of old news. What is still late stays on the pages and in the
# weekly digest. (A missed beat of hours or days still heals: see docs/reminders.md.)
STALE_AFTER = timedelta(days=30)


@dataclass(frozen=True)
class Due:
    """One reminder that has come due: ``obj`` to ``recipient`` (a User or a Personne)
    for ``occurrence`` (a date, a datetime or a short string)."""

    obj: models.Model
    recipient: models.Model
    occurrence: date | datetime | str
    data: dict = field(default_factory=dict)  # JSON-serialisable, kept on the reminder


@dataclass(frozen=True)
class SweepContext:
    """What a kind needs to decide what is due: the time and the settings."""

    now: datetime
    settings: "ReminderSettings"
    today: date = field(init=False)

    def __post_init__(self):
        local = timezone.localtime(self.now)
        # A reminder that falls on a day goes out from the send hour of that day:
        # before that hour, it is still "yesterday" for reminders.
        today = local.date()
        if local.hour < self.settings.send_hour:
            today -= timedelta(days=1)
        object.__setattr__(self, "today", today)

    @classmethod
    def build(cls, now: datetime | None = None) -> "SweepContext":
        from notifications.models import ReminderSettings

        return cls(now=now or timezone.now(), settings=ReminderSettings.current())


def occurrence_key(value: date | datetime | str) -> str:
    """The occurrence as stored in the unique key: ISO date, or ISO UTC datetime."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class ReminderKind:
    """Base class of reminder kinds. Subclass it in ``notifications/kinds/<kind>.py``
    and decorate the class with ``@register``."""

    key: ClassVar[str]  # stored in rows and preferences: never rename
    label: ClassVar[str]  # French, shown in preferences and e-mails
    description: ClassVar[str]  # French: who receives it and when
    default_delivery: ClassVar[str] = Delivery.DIGEST  # digest-first
    digest_allowed: ClassVar[bool] = True  # may an account holder choose the digest?
    in_app: ClassVar[bool] = True  # also a notification under the bell
    # Relations of the target its e-mail reads, loaded with the targets of a whole
    # batch of reminders before sending (``notifications.services.SendBatch``).
    target_related: ClassVar[tuple[str, ...]] = ()

    # -- what is due -------------------------------------------------------------
    def due(self, ctx: SweepContext) -> Iterable[Due]:
        raise NotImplementedError

    def still_due(self, reminder: "Reminder", ctx: SweepContext) -> bool:
        """Checked just before sending (or digesting): False cancels the reminder
        (the meeting was cancelled, the commitment done, the site active again)."""
        return True

    # -- who may choose it ---------------------------------------------------------
    def applies_to(self, user) -> bool:
        """Whether the preferences page offers this kind to ``user``."""
        return True

    # -- what it says ------------------------------------------------------------
    @property
    def template(self) -> str:
        return f"notifications/emails/{self.key}"

    # Each receives the reminder: ``reminder.target`` is the object, ``.occurrence``
    # the occurrence key, ``.data`` what ``Due.data`` noted.
    def message(self, reminder: "Reminder") -> str:
        """One French sentence for the bell and the digest."""
        raise NotImplementedError

    def url(self, reminder: "Reminder") -> str:
        """Where the notification leads (a path of this site)."""
        return reminder.target.get_absolute_url()

    def context(self, reminder: "Reminder", ctx: SweepContext) -> dict | None:
        """Template context of the e-mail; None means there is nothing to say (the
        reminder is cancelled)."""
        return {"obj": reminder.target, "message": self.message(reminder)}

    def attachments(self, reminder: "Reminder", context: dict) -> list[tuple[str, str, str]]:
        """Files to attach, as (file name, content, MIME type): a meeting's .ics…"""
        return []

    def on_sent(self, reminder: "Reminder", context: dict) -> None:
        """Called in the transaction that marks the reminder sent."""


_KINDS: dict[str, ReminderKind] = {}


def register(cls: type[ReminderKind]) -> type[ReminderKind]:
    if cls.key in _KINDS and type(_KINDS[cls.key]) is not cls:
        raise ValueError(f"Reminder kind {cls.key!r} registered twice.")
    _KINDS[cls.key] = cls()
    return cls


def unregister(key: str) -> None:
    """For tests that register a throw-away kind."""
    _KINDS.pop(key, None)


def get_kind(key: str) -> ReminderKind | None:
    return _KINDS.get(key)


def all_kinds() -> list[ReminderKind]:
    return list(_KINDS.values())

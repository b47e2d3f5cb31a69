"""Meetings as an iCalendar feed (RFC 5545) that calendar clients subscribe to.

Each meeting is one VEVENT whose UID never changes; SEQUENCE goes up when its time,
place or status changes, and a cancelled meeting stays in the feed with
STATUS:CANCELLED so that clients remove it from their agenda. Times are given in
Europe/Paris with the matching VTIMEZONE.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from cercles.enums import MeetingStatus

PRODID = "-//ANCT//Quartiers a impact collectif//FR"
_STATUS = {
    MeetingStatus.PREVUE: "CONFIRMED",
    MeetingStatus.TENUE: "CONFIRMED",
    MeetingStatus.ANNULEE: "CANCELLED",
}


def meeting_uid(meeting) -> str:
    return f"reunion-{meeting.uid}@{urlsplit(settings.SITE_URL).hostname or 'qic'}"


def _summary(meeting) -> str:
    text = _("%(cercle)s — réunion n° %(number)s") % {
        "cercle": meeting.cercle.name,
        "number": meeting.sequence,
    }
    if meeting.status == MeetingStatus.ANNULEE:
        text = _("ANNULÉE : %(summary)s") % {"summary": text}
    return text


def _description(meeting) -> str:
    lines = [f"{meeting.cercle.site.name}"]
    items = list(meeting.agenda_items.all())
    if items:
        lines += ["", _("Ordre du jour :")]
        lines += [f"{index}. {item.title}" for index, item in enumerate(items, start=1)]
    if meeting.video_url:
        lines += ["", _("Visioconférence : %(url)s") % {"url": meeting.video_url}]
    return "\n".join(lines)


def build_calendar(name: str, meetings) -> bytes:
    """An iCalendar document of ``meetings`` (with cercle, site and agenda items loaded)."""
    tz = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(tz))
    stamp = timezone.now()
    days = []
    for meeting in meetings:
        days.append(meeting.starts_at.date())
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(tz))
        event.add("dtend", meeting.ends_at.astimezone(tz))
        event.add("summary", _summary(meeting))
        location = meeting.place or meeting.video_url
        if location:
            event.add("location", location)
        event.add("description", _description(meeting))
        event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
        event.add("status", _STATUS[MeetingStatus(meeting.status)])
        event.add("sequence", meeting.ical_sequence)
        event.add("last-modified", meeting.updated_at)
        event.add("created", meeting.created_at)
        calendar.add_component(event)
    if days:
        # A VTIMEZONE that covers the meetings (and a year around), not a fixed range.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(days).year - 1, 1, 1),
            last_date=datetime.date(max(days).year + 2, 1, 1),
        )
    return calendar.to_ical()

"""A meeting in a few days (``ReminderSettings.meeting_notice_days``, 2 by default).

To: the cercle's current members, whatever their role (their account when they have
one, else the person by e-mail). Nobody else. The e-mail carries the agenda and the
meeting as an ``.ics`` invitation (same UID as the calendar feeds, so a calendar
updates its entry). The occurrence is the meeting's date and time: a rescheduled
meeting is reminded again; a cancelled one is not.
Also the digest's « Réunions à venir » section: the coming week's meetings on the
person's sites.
"""

from datetime import datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cercles.answer_links import reply_links
from cercles.enums import MeetingStatus
from cercles.ics import build_calendar
from cercles.models import CercleMember, Meeting
from notifications.audience import as_recipient, unique_recipients
from notifications.digest import DigestLine, DigestSection, DigestWindow, digest_section
from notifications.emails import absolute
from notifications.enums import Delivery
from notifications.registry import Due, ReminderKind, SweepContext, occurrence_key, register

UPCOMING_IN_DIGEST = timedelta(days=7)  # until the next weekly digest


def when(moment: datetime) -> str:
    """« jeudi 12/03/2026 à 18:00 », in Paris time."""
    local = timezone.localtime(moment)
    return _("%(day)s %(date)s à %(time)s") % {
        "day": formats.date_format(local, "l"),
        "date": local.strftime("%d/%m/%Y"),
        "time": local.strftime("%H:%M"),
    }


def _midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def planned_meetings(start: datetime, end: datetime):
    """Meetings planned from ``start`` until before ``end``, of cercles still running."""
    return (
        Meeting.objects.filter(
            status=MeetingStatus.PREVUE,
            starts_at__gte=start,
            starts_at__lt=end,
            cercle__closed_on__isnull=True,
        )
        .select_related("cercle__site")
        .order_by("starts_at", "pk")
    )


def _key(recipient) -> tuple:
    return (type(recipient).__name__, recipient.pk)


@register
class MeetingSoon(ReminderKind):
    key = "reunion_prochaine"  # stored in rows: never rename
    label = gettext_lazy("Réunion à venir")
    description = gettext_lazy(
        "Quelques jours avant une réunion d'un cercle (2 par défaut), à ses membres, avec "
        "l'ordre du jour et l'invitation pour l'agenda."
    )
    default_delivery = Delivery.IMMEDIATE  # a digest could arrive after the meeting
    target_related = ("cercle__site",)

    def due(self, ctx: SweepContext):
        horizon = ctx.today + timedelta(days=ctx.settings.meeting_notice_days)
        meetings = planned_meetings(
            max(ctx.now, _midnight(ctx.today)), _midnight(horizon + timedelta(days=1))
        ).prefetch_related(
            Prefetch(
                "cercle__memberships",
                queryset=CercleMember.objects.current(ctx.today)
                .select_related("personne__user")
                .order_by("pk"),
                to_attr="current_members",
            )
        )
        for meeting in meetings:
            data = {
                "cercle": meeting.cercle.name,
                "site": meeting.cercle.site.name,
                "number": meeting.sequence,
                "when": when(meeting.starts_at),
                "url": meeting.get_absolute_url(),
            }
            members = {}  # recipient → their membership, for the reply links
            for m in meeting.cercle.current_members:
                members.setdefault(_key(as_recipient(m.personne)), m)
            people = [as_recipient(m.personne) for m in meeting.cercle.current_members]
            for recipient in unique_recipients(people):
                member = members[_key(recipient)]
                yield Due(
                    obj=meeting,
                    recipient=recipient,
                    occurrence=meeting.starts_at,
                    data={**data, "member": member.pk},
                )

    def still_due(self, reminder, ctx: SweepContext) -> bool:
        meeting = reminder.target
        return (
            meeting.status == MeetingStatus.PREVUE
            and occurrence_key(meeting.starts_at) == reminder.occurrence
            and meeting.starts_at > ctx.now
        )

    def message(self, reminder) -> str:
        return _("Réunion n° %(number)s du cercle « %(cercle)s » le %(when)s.") % reminder.data

    def url(self, reminder) -> str:
        return reminder.data["url"]

    def context(self, reminder, ctx: SweepContext) -> dict:
        meeting = reminder.target
        member = (
            CercleMember.objects.filter(
                pk=reminder.data.get("member"), cercle_id=meeting.cercle_id
            ).first()
            if reminder.data.get("member")
            else None
        )
        return {
            "replies": reply_links(member, meeting) if member is not None else [],
            **super().context(reminder, ctx),
            "meeting": meeting,
            "cercle": meeting.cercle,
            "site": meeting.cercle.site,
            "when": when(meeting.starts_at),
            "ends": timezone.localtime(meeting.ends_at),
            "agenda": list(meeting.agenda_items.all()),
            "link": absolute(reminder.data["url"]),
        }

    def attachments(self, reminder, context: dict) -> list[tuple[str, str, str]]:
        meeting = context["meeting"]
        calendar = build_calendar(str(meeting.cercle), [meeting])
        return [("reunion.ics", calendar.decode(), "text/calendar")]


@digest_section(order=10)
def upcoming_meetings(user, sites, window: DigestWindow) -> DigestSection | None:
    """The meetings of the coming week on the person's sites."""
    start = max(window.until, _midnight(window.today))
    meetings = planned_meetings(start, _midnight(window.today) + UPCOMING_IN_DIGEST).filter(
        cercle__site__in=sites
    )
    lines = [
        DigestLine(
            text=_("%(site)s — %(cercle)s : réunion n° %(number)s le %(when)s")
            % {
                "site": meeting.cercle.site.name,
                "cercle": meeting.cercle.name,
                "number": meeting.sequence,
                "when": when(meeting.starts_at),
            },
            url=absolute(meeting.get_absolute_url()),
        )
        for meeting in meetings
    ]
    return DigestSection(title=_("Réunions à venir"), lines=lines)

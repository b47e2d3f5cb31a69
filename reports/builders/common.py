"""What the builders share: the period, the requester's scope, file names."""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from quartiers.querysets import VIEW


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, today included."""
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + datetime.timedelta(days=1)
    return start, today


def period_from(parameters: dict) -> tuple[datetime.date, datetime.date]:
    start, end = default_period()
    if parameters.get("start"):
        start = datetime.date.fromisoformat(parameters["start"])
    if parameters.get("end"):
        end = datetime.date.fromisoformat(parameters["end"])
    return start, end


def period_bounds(start: datetime.date, end: datetime.date):
    """The period as aware datetimes [start 00:00, day after end 00:00)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


def visible_sites(job):
    """The sites the requester sees now (their rights may have changed since the request)."""
    from quartiers.models import Site

    return Site.objects.for_user(job.requested_by, VIEW)


def file_name(*parts: str, extension: str) -> str:
    stem = "-".join(slugify(part) for part in parts if part)[:120] or _("rapport")
    return f"{stem}.{extension}"

"""Monitored periodic jobs: every beat job reports a heartbeat, so none stops silently.

A periodic job is a plain function wrapped once::

    @monitored_job("notifications.sweep", label="Balayage des rappels", every=timedelta(minutes=5))
    def run_sweep(): ...

The wrapper records the start, the success or the error, and the duration in a
``JobHeartbeat`` row. The Celery task that beat calls and any management command
that runs the same work call the wrapped function, so both leave a heartbeat. The
job's period must match its entry in ``CELERY_BEAT_SCHEDULE`` (a test checks it).

A job is *late* when its last success (or, before any, its registration at
``migrate``) is older than twice its period: one missed run is tolerated, two are
not. The supervision page lists every job; ``/sante/`` answers 503 while one is late.
Modules that declare jobs must be imported at start-up (from ``AppConfig.ready``),
so that the web process knows them too.
"""

import functools
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qic.models import JobHeartbeat

LATE_FACTOR = 2
ERROR_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    every: timedelta

    @property
    def late_after(self) -> timedelta:
        return self.every * LATE_FACTOR


_JOBS: dict[str, Job] = {}


def registered_jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def monitored_job(name: str, *, label: str, every: timedelta):
    """Declare a periodic job and record a heartbeat around each run of the function."""
    job = Job(name=name, label=label, every=every)
    _JOBS[name] = job

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            started_at = timezone.now()
            started = time.monotonic()
            heartbeat, created = JobHeartbeat.objects.get_or_create(
                name=name, defaults={"registered_at": started_at, "last_started_at": started_at}
            )
            if not created:
                JobHeartbeat.objects.filter(pk=heartbeat.pk).update(last_started_at=started_at)
            try:
                result = func(*args, **kwargs)
            except BaseException as exc:
                error = "".join(traceback.format_exception_only(exc)).strip()
                JobHeartbeat.objects.filter(pk=heartbeat.pk).update(
                    last_failed_at=timezone.now(),
                    last_error=error[:ERROR_MAX_LENGTH],
                    last_duration=timedelta(seconds=time.monotonic() - started),
                )
                raise
            JobHeartbeat.objects.filter(pk=heartbeat.pk).update(
                last_succeeded_at=timezone.now(),
                last_duration=timedelta(seconds=time.monotonic() - started),
            )
            return result

        wrapper.job = job
        return wrapper

    return decorator


class JobState:
    OK = "ok"
    LATE = "late"
    FAILING = "failing"
    NEVER = "never"

    LABELS = {
        OK: _("à l'heure"),
        LATE: _("en retard"),
        FAILING: _("en échec"),
        NEVER: _("jamais lancée"),
    }


@dataclass(frozen=True)
class JobStatus:
    job: Job
    heartbeat: JobHeartbeat | None
    state: str

    @property
    def is_late(self) -> bool:
        return self.state == JobState.LATE

    @property
    def state_label(self) -> str:
        return str(JobState.LABELS[self.state])


def job_state(job: Job, heartbeat: JobHeartbeat | None, now: datetime) -> str:
    if heartbeat is None:
        return JobState.NEVER  # not even registered by `migrate` yet: nothing to judge
    reference = heartbeat.last_succeeded_at or heartbeat.registered_at
    if now - reference > job.late_after:
        return JobState.LATE
    if heartbeat.last_failed_at and (
        heartbeat.last_succeeded_at is None
        or heartbeat.last_failed_at > heartbeat.last_succeeded_at
    ):
        return JobState.FAILING
    if heartbeat.last_succeeded_at is None:
        return JobState.NEVER
    return JobState.OK


def job_statuses(now: datetime | None = None) -> list[JobStatus]:
    """Every declared job with its state, in one query."""
    now = now or timezone.now()
    heartbeats = {h.name: h for h in JobHeartbeat.objects.filter(name__in=_JOBS)}
    return [
        JobStatus(job=job, heartbeat=heartbeats.get(job.name), state=state)
        for job in registered_jobs()
        for state in [job_state(job, heartbeats.get(job.name), now)]
    ]


def register_heartbeats(**kwargs) -> None:
    """post_migrate: give every declared job a heartbeat row, so that a job that never
    runs after a deployment becomes late instead of staying « jamais lancée »."""
    now = timezone.now()
    for job in registered_jobs():
        JobHeartbeat.objects.get_or_create(name=job.name, defaults={"registered_at": now})


def can_supervise(user) -> bool:
    """Supervision pages (periodic jobs, reminders): ANCT administrators and staff."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_admin or user.is_staff

"""seed_demo on chosen days: the demo is dated from the day it is seeded."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from cercles import models as cercles_models
from cercles.enums import MeetingStatus
from tests.test_demo import counts

pytestmark = pytest.mark.django_db


# The demo is dated from the day it is seeded: a second run must change nothing whatever
# that day is (month ends, a leap day, a year's turn, summer time).
SEEDING_DAYS = ["2026-01-31", "2026-03-29", "2026-07-15", "2026-10-31", "2027-02-28"]


@pytest.mark.parametrize("day", SEEDING_DAYS)
def test_seed_demo_run_twice_on_the_same_day_changes_nothing(db, day):
    moment = datetime.datetime.fromisoformat(f"{day}T08:30:00+00:00")
    with time_machine.travel(moment, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        before = counts()
        links = set(cercles_models.Commitment.objects.values_list("pk", "action_id"))
        call_command("seed_demo", stdout=io.StringIO())
        assert counts() == before
        assert set(cercles_models.Commitment.objects.values_list("pk", "action_id")) == links


def test_seeding_on_a_later_day_moves_the_demo_without_duplicating_it(db):
    Meeting, Commitment = cercles_models.Meeting, cercles_models.Commitment
    start = datetime.datetime(2026, 1, 20, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        first = (cercles_models.Cercle.objects.count(), Meeting.objects.count())
    with time_machine.travel(start + datetime.timedelta(days=45), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        assert (cercles_models.Cercle.objects.count(), Meeting.objects.count()) == first
        assert Meeting.objects.upcoming().exclude(status=MeetingStatus.ANNULEE).exists()
        assert Commitment.objects.overdue().exists()
        future = Meeting.objects.filter(starts_at__gt=start + datetime.timedelta(days=46))
        assert not future.filter(status=MeetingStatus.TENUE).exists()
        assert not Commitment.objects.filter(meeting__in=future).exists()

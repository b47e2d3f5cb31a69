"""Site events (quartiers.events): written with the change, dated when it happened in the
field, by whom; nothing for a row merely created; rebuilt and checked by a command; the
one source of a site's last activity."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from cercles import services as cercles_services
from cercles.enums import CommitmentStatus, MeetingStatus
from quartiers import services as quartiers_services
from quartiers.activity import site_last_activity, sites_inactive_since, with_last_activity
from quartiers.enums import SiteStatus, StructureKind, TrinomeSeat
from quartiers.events import KINDS, rebuild, sync_due
from quartiers.models import Site, SiteEvent
from tests import factories
from tests.conftest import T0, paris
from visions import services as visions_services
from visions.enums import ActionStatus, VisionStatus

pytestmark = pytest.mark.django_db

TODAY = T0.date()  # Monday 5 January 2026


def midnight(day: datetime.date) -> datetime.datetime:
    return paris(day.year, day.month, day.day, 0, 0)


def events(site, kind: str) -> list[SiteEvent]:
    return list(SiteEvent.objects.filter(site=site, kind=kind).order_by("happened_at", "pk"))


def only(site, kind: str) -> SiteEvent:
    found = events(site, kind)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def site(clock, site_a):
    """Site A, in formation-action since 90 days before T0 (its factory's status)."""
    return site_a


# --- Each kind, written by its service, dated by the field, with its author -----------------


def test_a_status_change_is_dated_by_its_day_and_signed_by_its_author(site, chef):
    quartiers_services.site_change_status(
        site=site,
        status=SiteStatus.VISION_ADOPTEE,
        on=datetime.date(2025, 12, 1),
        comment="Vision adoptée en plénière.",
        author=chef,
    )
    event = events(site, "statut")[-1]
    assert (event.happened_at, event.actor, event.label) == (
        midnight(datetime.date(2025, 12, 1)),
        chef,
        SiteStatus.VISION_ADOPTEE,
    )


def test_a_new_trinome_holder_ends_the_previous_mandate_the_day_before(site, chef):
    etat = factories.StructureFactory(kind=StructureKind.ETAT)
    first = factories.PersonneFactory(first_name="Ana", last_name="Lopes")
    second = factories.PersonneFactory(first_name="Paul", last_name="Roy")
    for personne, start in (
        (first, datetime.date(2025, 1, 6)),
        (second, datetime.date(2025, 11, 3)),
    ):
        quartiers_services.trinome_assign(
            site=site,
            seat=TrinomeSeat.ETAT,
            personne=personne,
            structure=etat,
            start_date=start,
            author=chef,
        )
    starts = events(site, "trinome_debut")
    assert [(e.label, e.happened_at, e.actor) for e in starts] == [
        ("Ana Lopes", midnight(datetime.date(2025, 1, 6)), chef),
        ("Paul Roy", midnight(datetime.date(2025, 11, 3)), chef),
    ]
    end = only(site, "trinome_fin")
    assert (end.label, end.happened_at) == ("Ana Lopes", midnight(datetime.date(2025, 11, 2)))


def test_an_adopted_vision_version_is_dated_by_its_adoption(site, member_a):
    vision = factories.VisionFactory(site=site, status=VisionStatus.CONCERTATION)
    visions_services.vision_adopt(
        vision=vision,
        adopted_on=datetime.date(2025, 12, 12),
        adopted_by="Comité de pilotage",
        author=member_a,
    )
    event = only(site, "vision")
    assert (event.happened_at, event.actor, event.link_id) == (
        midnight(datetime.date(2025, 12, 12)),
        member_a,
        site.pk,
    )


def test_measurements_are_dated_by_the_day_they_are_for_not_when_entered(site, member_a):
    indicator = factories.IndicatorFactory(objective__vision__site=site, name="Taux d'emploi")
    visions_services.measurements_record(
        entries=[
            visions_services.Entry(indicator, datetime.date(2025, 9, 30), 41),
            visions_services.Entry(indicator, datetime.date(2025, 12, 31), 43),
        ],
        author=member_a,
    )
    found = events(site, "mesure")
    assert [(e.happened_at, e.label, e.actor) for e in found] == [
        (midnight(datetime.date(2025, 9, 30)), "Taux d'emploi", member_a),
        (midnight(datetime.date(2025, 12, 31)), "Taux d'emploi", member_a),
    ]
    assert site_last_activity(site) == midnight(datetime.date(2025, 12, 31))


def test_an_action_launched_then_finished_by_its_author(site, clock, member_a):
    action = factories.ActionFactory(site=site, status=ActionStatus.PLANIFIEE, start_date=None)
    assert not events(site, "action_lancee")
    visions_services.action_move(action=action, status=ActionStatus.EN_COURS, author=member_a)
    clock.move_to(paris(2026, 2, 2, 11, 0))
    visions_services.action_move(action=action, status=ActionStatus.TERMINEE, author=member_a)
    launched, finished = only(site, "action_lancee"), only(site, "action_terminee")
    assert (launched.happened_at, launched.actor) == (midnight(TODAY), member_a)
    assert (finished.happened_at, finished.actor) == (midnight(datetime.date(2026, 2, 2)), member_a)


def test_a_meeting_held_is_dated_by_its_start_and_its_decisions_with_it(site, member_a):
    cercle = factories.CercleFactory(site=site, name="Cercle emploi")
    meeting = factories.MeetingFactory(
        cercle=cercle, starts_at=paris(2025, 12, 9, 18, 0), ends_at=paris(2025, 12, 9, 20, 0)
    )
    assert not events(site, "reunion"), "a meeting planned is not a meeting held"
    cercles_services.minutes_record(meeting=meeting, minutes="Compte rendu", author=member_a)
    held = only(site, "reunion")
    assert (held.happened_at, held.actor, held.label) == (
        paris(2025, 12, 9, 18, 0),
        member_a,
        "Cercle emploi",
    )
    factories.DecisionFactory(meeting=meeting, text="Ouvrir le samedi", created_by=member_a)
    decision = only(site, "decision")
    assert (decision.happened_at, decision.actor) == (paris(2025, 12, 9, 18, 0), member_a)
    # The meeting's date corrected: its events follow.
    meeting.starts_at, meeting.ends_at = paris(2025, 12, 10, 18, 0), paris(2025, 12, 10, 20, 0)
    meeting.save()
    assert (
        only(site, "reunion").happened_at
        == only(site, "decision").happened_at
        == (paris(2025, 12, 10, 18, 0))
    )


def test_a_commitment_kept_by_its_author_and_one_late_from_the_day_after_its_due_date(
    site, clock, member_a
):
    meeting = factories.MeetingFactory(cercle__site=site)
    kept = factories.CommitmentFactory(meeting=meeting, due_on=datetime.date(2026, 1, 30))
    late = factories.CommitmentFactory(meeting=meeting, due_on=datetime.date(2026, 1, 9))
    cercles_services.commitment_set_status(
        commitment=kept, status=CommitmentStatus.FAIT, author=member_a
    )
    done = only(site, "engagement_tenu")
    assert (done.happened_at, done.actor, done.object_id) == (midnight(TODAY), member_a, kept.pk)
    assert not events(site, "engagement_en_retard")
    clock.move_to(paris(2026, 1, 12, 3, 0))
    sync_due()  # the nightly job
    overdue = only(site, "engagement_en_retard")
    assert (overdue.object_id, overdue.happened_at) == (
        late.pk,
        midnight(datetime.date(2026, 1, 10)),
    )
    # Late is not activity: the last activity is still the commitment kept.
    assert site_last_activity(site) == midnight(TODAY)


# --- Nothing for a row created ------------------------------------------------------------


def test_creating_rows_is_not_activity(clock):
    site = factories.SiteFactory(first_status=False)  # no status history (an import)
    cercle = factories.CercleFactory(site=site)
    factories.MeetingFactory(cercle=cercle, starts_at=paris(2026, 2, 1, 18, 0))  # planned
    factories.CommitmentFactory(meeting__cercle=cercle, due_on=datetime.date(2026, 3, 1))
    indicator = factories.IndicatorFactory(objective__vision__site=site)
    factories.ActionFactory(site=site, status=ActionStatus.IDEE, start_date=None)
    assert indicator.pk and not SiteEvent.objects.filter(site=site).exists()
    # Without any event, the site has been silent since it was registered.
    clock.shift(datetime.timedelta(days=30))
    assert site_last_activity(site) == T0
    site.description = "Fiche complétée."
    site.save()  # an edit is not activity either
    assert site_last_activity(site) == T0


def test_an_event_in_the_future_is_not_activity_yet(site, clock):
    factories.TrinomeMandateFactory(site=site, start_date=datetime.date(2026, 2, 1))
    assert site_last_activity(site) == midnight(TODAY - datetime.timedelta(days=90))
    clock.move_to(paris(2026, 2, 1, 9, 0))
    assert site_last_activity(site) == midnight(datetime.date(2026, 2, 1))


# --- Last activity: one definition for every reader -----------------------------------------


def test_inactive_sites_and_the_last_activity_agree(clock):
    busy = factories.SiteFactory(name="Busy")
    factories.SiteFactory(name="Quiet")
    factories.MeetingFactory(
        cercle__site=busy, starts_at=paris(2025, 12, 20, 18, 0), status=MeetingStatus.TENUE
    )
    moment = paris(2025, 11, 6, 0, 0)  # 60 days before T0
    inactive = sites_inactive_since(Site.objects.all(), moment)
    assert list(inactive.values_list("name", "last_activity")) == [
        ("Quiet", midnight(TODAY - datetime.timedelta(days=90)))
    ]
    annotated = dict(with_last_activity(Site.objects.all()).values_list("name", "last_activity"))
    assert annotated == {
        "Busy": paris(2025, 12, 20, 18, 0),
        "Quiet": midnight(TODAY - datetime.timedelta(days=90)),
    }


# --- The rebuild command ------------------------------------------------------------------


def test_rebuild_writes_what_the_rows_record_once_and_check_lists_the_differences(site, clock):
    meeting = factories.MeetingFactory(
        cercle__site=site, starts_at=paris(2025, 12, 9, 18, 0), status=MeetingStatus.TENUE
    )
    factories.DecisionFactory(meeting=meeting)
    expected = {(e.kind, e.object_id, e.happened_at) for e in SiteEvent.objects.all()}
    assert {kind for kind, _pk, _at in expected} == {"statut", "reunion", "decision"}
    call_command("rebuild_events", "--check", stdout=io.StringIO())  # nothing to say

    SiteEvent.objects.filter(kind="reunion").delete()  # a database from before the table
    stray = SiteEvent.objects.get(kind="decision")
    stray.pk, stray.object_id = None, 999_999  # an event about no row
    stray.save()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 événement"):
        call_command("rebuild_events", "--check", stdout=out)
    assert f"manquant : reunion #{meeting.pk}" in out.getvalue()
    assert "en trop : decision #999999" in out.getvalue()

    call_command("rebuild_events", stdout=io.StringIO())
    rebuilt = {(e.kind, e.object_id, e.happened_at) for e in SiteEvent.objects.all()}
    assert rebuilt == expected
    before = list(SiteEvent.objects.order_by("pk").values())
    assert rebuild() == []  # a second run changes nothing
    assert list(SiteEvent.objects.order_by("pk").values()) == before
    call_command("rebuild_events", "--check", stdout=io.StringIO())


def test_every_kind_says_how_the_journal_shows_it():
    for key, kind in KINDS.items():
        assert kind.key == key and str(kind.title) and str(kind.group_label)
        assert kind.model.count(".") == 1

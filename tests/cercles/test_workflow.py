"""A site member runs a cercle: creates it, plans a meeting, records it on one page,
prepares the next one, and finds it all in the journal and « mes engagements »."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cercles.enums import AttendanceStatus, CercleKind, CommitmentStatus, MeetingStatus
from cercles.models import (
    AgendaItem,
    Attendance,
    Cercle,
    CercleMember,
    Commitment,
    Decision,
    Meeting,
)
from quartiers.events import sync_due
from quartiers.models import Personne
from tests import factories
from tests.cercles.utils import HTMX, page_text
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _agenda(*items):
    data = {
        "agenda-TOTAL_FORMS": str(len(items)),
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
    }
    for index, (order, title) in enumerate(items):
        data[f"agenda-{index}-title"] = title
        data[f"agenda-{index}-notes"] = ""
        data[f"agenda-{index}-ORDER"] = str(order) if order else ""
    return data


@time_machine.travel(datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_a_member_runs_a_cercle_from_creation_to_the_next_meeting(site_a, member_a):
    client = client_for(member_a)
    known = factories.PersonneFactory(
        first_name="Claire", last_name="Fauvel", user=member_a, sites=[site_a]
    )
    mission_locale = factories.StructureFactory(name="Mission locale (fictif)", kind="emploi")

    # 1. The cercle.
    response = client.post(
        reverse("cercles:cercle_create", args=[site_a.pk]),
        {"kind": CercleKind.CERCLE, "name": "Cercle emploi des jeunes", "purpose": "Insertion."},
    )
    cercle = Cercle.objects.get(name="Cercle emploi des jeunes")
    assert response["Location"] == cercle.get_absolute_url()
    assert (cercle.site, cercle.created_by) == (site_a, member_a)

    # 2. Members: a person already known, and a new one typed in the same form.
    add = reverse("cercles:member_add", args=[cercle.pk])
    client.post(add, {"personne": known.pk, "role": "animateur", "joined_on": "2025-01-06"})
    client.post(
        add,
        {
            "first_name": "Karim",
            "last_name": "Benali",
            "email": "karim.benali@mission-locale.fr",
            "structure": mission_locale.pk,
            "role": "membre",
            "joined_on": "2025-01-06",
        },
    )
    karim = Personne.objects.get(last_name="Benali")
    assert karim.created_by == member_a and karim.structure == mission_locale
    assert site_a in karim.sites.all(), "a new member acts on the cercle's site"
    assert CercleMember.objects.filter(cercle=cercle).count() == 2
    page = client.get(cercle.get_absolute_url()).content.decode()
    assert "Karim Benali" in page and "animateur·rice" in page

    # 3. A meeting, with its agenda in the order given.
    response = client.post(
        reverse("cercles:meeting_create", args=[cercle.pk]),
        {
            "date": "2025-03-11",
            "start_time": "18:00",
            "end_time": "20:00",
            "place": "Centre social, salle 2",
            "video_url": "",
            **_agenda((2, "Point sur les stages"), (1, "Tour de table"), (None, "")),
        },
    )
    meeting = Meeting.objects.get(cercle=cercle)
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.sequence == 1 and meeting.status == MeetingStatus.PREVUE
    assert timezone.localtime(meeting.starts_at).hour == 18
    assert meeting.starts_at == datetime.datetime(2025, 3, 11, 17, 0, tzinfo=datetime.UTC)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Tour de table",
        "Point sur les stages",
    ]

    with time_machine.travel(
        datetime.datetime(2025, 3, 11, 20, 30, tzinfo=datetime.UTC), tick=False
    ):
        # 4. After the meeting, on its page: everyone's attendance in one form…
        client = client_for(member_a)  # sessions last 12 hours: sign in again
        members = {m.personne_id: m for m in cercle.memberships.all()}
        response = client.post(
            reverse("cercles:attendance_record", args=[meeting.pk]),
            {
                f"member_{members[known.pk].pk}": "present",
                f"member_{members[karim.pk].pk}": "excuse",
            },
        )
        assert response.status_code == 302
        assert dict(Attendance.objects.values_list("member__personne", "status")) == {
            known.pk: AttendanceStatus.PRESENT,
            karim.pk: AttendanceStatus.EXCUSE,
        }
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.TENUE, "recording what happened says it was held"

        # … the minutes, in Markdown …
        client.post(
            reverse("cercles:minutes_edit", args=[meeting.pk]),
            {"minutes": "## Stages\n\nTrois **entreprises** partenaires."},
        )

        # … a decision and a commitment added inline (HTMX): the form answers with a fresh
        # copy of itself and the new row, sent out of band to the end of the table.
        response = client.post(
            reverse("cercles:decision_add", args=[meeting.pk]),
            {"text": "Créer un forum des métiers", "review_on": "2025-04-01"},
            headers=HTMX,
        )
        decision = Decision.objects.get()
        fragment = BeautifulSoup(response.content, "html.parser")
        assert fragment.find("html") is None
        fresh, wrapper = fragment.find_all(recursive=False)
        assert fresh.name == "form" and fresh["id"] == "decision-form"
        assert fresh["hx-target"] == "this" and fresh.select_one("textarea").text.strip() == ""
        assert wrapper.name == "template"
        content = BeautifulSoup(wrapper.decode_contents(), "html.parser")  # a template's inside
        assert content.select_one("tbody")["hx-swap-oob"] == "beforeend:#decisions-body"
        cells = content.select(f"tbody > tr#decision-{decision.pk} td")
        assert [c.text for c in cells[:2]] == ["Créer un forum des métiers", "01/04/2025"]

        response = client.post(
            reverse("cercles:commitment_add", args=[meeting.pk]),
            {"text": "Contacter trois entreprises", "owner": karim.pk, "due_on": "2025-03-31"},
            headers=HTMX,
        )
        commitment = Commitment.objects.get(text="Contacter trois entreprises")
        assert (commitment.owner, commitment.meeting, commitment.created_by) == (
            karim,
            meeting,
            member_a,
        )
        assert f'id="engagement-{commitment.pk}"' in response.content.decode()
        client.post(
            reverse("cercles:commitment_add", args=[meeting.pk]),
            {"text": "Préparer le forum", "owner": known.pk, "due_on": "2025-03-20"},
            headers=HTMX,
        )

        page = BeautifulSoup(client.get(meeting.get_absolute_url()).content, "html.parser")
        assert page.select_one("#compte-rendu .qic-minutes h3").text == "Stages"
        assert page.select_one("#compte-rendu .qic-minutes strong").text == "entreprises"
        assert "checked" in str(page.select_one(f"#id_member_{members[known.pk].pk}_0"))
        assert len(page.select("#commitments-body tr[id^=engagement-]")) == 2

    # 5. Later, one commitment is done, with one click.
    with time_machine.travel(datetime.datetime(2025, 3, 25, 9, 0, tzinfo=datetime.UTC), tick=False):
        client = client_for(member_a)
        prepared = Commitment.objects.get(text="Préparer le forum")
        response = client.post(
            reverse("cercles:commitment_status", args=[prepared.pk, "fait"]) + "?vue=reunion",
            headers=HTMX,
        )
        row = BeautifulSoup(response.content, "html.parser").select_one("tr")
        assert row["id"] == f"engagement-{prepared.pk}" and "fait" in row.text
        prepared.refresh_from_db()
        assert (prepared.status, prepared.done_on) == (
            CommitmentStatus.FAIT,
            datetime.date(2025, 3, 25),
        )

    # 6. « Préparer la suivante »: same weekday and time a month later, same place, with the
    # open commitment and the decision whose review date comes before it.
    with time_machine.travel(datetime.datetime(2025, 4, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        client = client_for(member_a)
        url = reverse("cercles:meeting_prepare_next", args=[meeting.pk])
        form = client.get(url).context["form"]
        assert form.initial["date"] == datetime.date(2025, 4, 8)  # 2nd Tuesday, as on 11 March
        assert form.initial["start_time"] == datetime.time(18, 0)
        assert form.initial["place"] == "Centre social, salle 2"
        assert form.initial["commitments"] == [commitment.pk]  # not the one done
        assert form.initial["decisions"] == [decision.pk]
        page = client.get(url).content.decode()
        assert "en retard de 2 jours" in page  # due 31 March, still to do on 2 April

        response = client.post(
            url,
            {
                "date": "2025-04-08",
                "start_time": "18:30",
                "end_time": "20:00",
                "place": "Mission locale",
                "commitments": [commitment.pk],
                "decisions": [decision.pk],
                "other_items": "Questions diverses\n\n",
            },
        )
        following = Meeting.objects.get(cercle=cercle, sequence=2)
        assert response["Location"] == following.get_absolute_url()
        assert timezone.localtime(following.starts_at).time() == datetime.time(18, 30)
        assert following.place == "Mission locale"
        items = list(following.agenda_items.order_by("position"))
        assert [i.title for i in items] == [
            "Suivi de l'engagement : Contacter trois entreprises",
            "Décision à revoir : Créer un forum des métiers",
            "Questions diverses",
        ]
        assert (items[0].commitment, items[1].decision) == (commitment, decision)
        # Once put back on an agenda, the decision is not proposed again.
        again = client.get(reverse("cercles:meeting_prepare_next", args=[following.pk]))
        assert again.context["form"].initial["decisions"] == []

        # 7. The journal tells the story (the commitment due on 31 March became late: the
        # nightly job wrote it); « mes engagements » shows Claire's own.
        sync_due()
        journal = client.get(reverse("cercles:site_journal", args=[site_a.pk])).content.decode()
        for text in (
            "Réunion tenue",
            "Créer un forum des métiers",
            "Engagement tenu",
            "Préparer le forum",
        ):
            assert text in journal
        assert "Échéance dépassée" in journal and "Contacter trois entreprises" in journal

        mine = client.get(reverse("cercles:my_commitments"), {"statut": "tous"})
        assert [c.text for c in mine.context["commitments"]] == ["Préparer le forum"]
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2


def test_a_second_open_comite_is_refused_in_french(site_a, member_a):
    factories.CercleFactory(site=site_a, kind=CercleKind.COMITE, name="COPIL")
    response = client_for(member_a).post(
        reverse("cercles:cercle_create", args=[site_a.pk]),
        {"kind": CercleKind.COMITE, "name": "Autre comité"},
    )
    assert response.status_code == 200
    assert "Ce site a déjà un comité de pilotage : « COPIL »." in response.content.decode()
    assert not Cercle.objects.filter(name="Autre comité").exists()


def test_a_member_cannot_be_added_twice_and_the_form_says_why(cercle_world, member_a):
    response = client_for(member_a).post(
        reverse("cercles:member_add", args=[cercle_world["cercle"].pk]),
        {"personne": cercle_world["partner"].pk, "role": "membre", "joined_on": "2025-01-06"},
    )
    assert "Cette personne est déjà membre du cercle." in response.content.decode()
    assert cercle_world["cercle"].memberships.count() == 2


def test_a_meeting_that_ends_before_it_starts_is_refused(cercle_world, member_a):
    response = client_for(member_a).post(
        reverse("cercles:meeting_create", args=[cercle_world["cercle"].pk]),
        {"date": "2025-05-13", "start_time": "18:00", "end_time": "17:00", **_agenda()},
    )
    assert "L'heure de fin doit suivre l'heure de début." in page_text(response)
    assert Meeting.objects.count() == 1


def test_an_agenda_forged_with_a_million_lines_is_refused_without_building_them(
    cercle_world, member_a
):
    """A forged TOTAL_FORMS once made Django build and render 1,000 agenda forms."""
    response = client_for(member_a).post(
        reverse("cercles:meeting_create", args=[cercle_world["cercle"].pk]),
        {
            "date": "2025-05-13",
            "start_time": "18:00",
            "end_time": "20:00",
            **_agenda(),
            "agenda-TOTAL_FORMS": "1000000",
        },
    )
    assert response.status_code == 200
    assert "au plus 40" in page_text(response)
    assert len(response.context["formset"].forms) <= 40
    assert Meeting.objects.count() == 1


def test_an_invalid_inline_form_comes_back_in_place_with_its_errors(cercle_world, member_a):
    meeting = cercle_world["meeting"]
    outsider = factories.PersonneFactory(sites=[cercle_world["site"]])
    response = client_for(member_a).post(
        reverse("cercles:commitment_add", args=[meeting.pk]),
        {"text": "", "owner": outsider.pk, "due_on": ""},
        headers=HTMX,
    )
    fragment = BeautifulSoup(response.content, "html.parser")
    assert [e.name for e in fragment.find_all(recursive=False)] == ["form"]  # no row
    form = fragment.select_one("form#commitment-form")
    assert "Ce champ est obligatoire." in form.text
    assert "Sélectionnez un choix valide" in form.text  # not a member of the cercle
    assert meeting.commitments.count() == 1


def test_without_javascript_the_inline_forms_post_and_come_back_to_the_meeting(
    cercle_world, member_a
):
    meeting = cercle_world["meeting"]
    client = client_for(member_a)
    response = client.post(
        reverse("cercles:decision_add", args=[meeting.pk]), {"text": "Sans JavaScript"}
    )
    assert response["Location"] == f"{meeting.get_absolute_url()}#decisions"
    response = client.post(
        reverse("cercles:commitment_status", args=[cercle_world["commitment"].pk, "abandonne"])
        + "?vue=mes"
    )
    assert response["Location"] == reverse("cercles:my_commitments")
    cercle_world["commitment"].refresh_from_db()
    assert cercle_world["commitment"].status == CommitmentStatus.ABANDONNE
    assert cercle_world["commitment"].done_on is None


def test_editing_the_time_of_a_meeting_keeps_its_number_and_bumps_its_calendar_revision(
    cercle_world, member_a
):
    meeting = cercle_world["meeting"]
    item = meeting.agenda_items.get()
    client_for(member_a).post(
        reverse("cercles:meeting_edit", args=[meeting.pk]),
        {
            "date": "2025-03-12",
            "start_time": "17:00",
            "end_time": "19:00",
            "place": meeting.place,
            "status": MeetingStatus.TENUE,
            "agenda-TOTAL_FORMS": "2",
            "agenda-INITIAL_FORMS": "1",
            "agenda-MIN_NUM_FORMS": "0",
            "agenda-MAX_NUM_FORMS": "1000",
            "agenda-0-id": item.pk,
            "agenda-0-meeting": meeting.pk,
            "agenda-0-title": "Tour de table",
            "agenda-0-ORDER": "2",
            "agenda-1-title": "Accueil",
            "agenda-1-ORDER": "1",
        },
    )
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.ical_sequence) == (1, 1)
    assert timezone.localtime(meeting.starts_at) == factories.paris(2025, 3, 12, 17)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Accueil",
        "Tour de table",
    ]

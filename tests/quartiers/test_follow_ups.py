"""« Relancer »: ANCT or a centre writes to a site from QIC; « relancé le … » shows in
« À relancer » until the site is active again."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from cercles.enums import MeetingStatus
from quartiers.enums import FollowUpChannel, SiteStatus, TrinomeSeat
from quartiers.models import Site, SiteEvent, SiteFollowUp
from summaries.programme import programme_figures
from tests import factories
from tests.conftest import T0, client_for
from visions.enums import VisionStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def silent_site(clock):
    """A site in mise en œuvre whose last meeting was 70 days ago: to chase."""
    site = factories.SiteFactory(name="Silencieux", status=SiteStatus.MISE_EN_OEUVRE, cohort=None)
    factories.VisionFactory(
        site=site, status=VisionStatus.ADOPTEE, adopted_on=datetime.date(2025, 1, 1)
    )
    factories.MeetingFactory(
        cercle__site=site, starts_at=T0 - datetime.timedelta(days=70), status=MeetingStatus.TENUE
    )
    return site


def _line(user, name="Silencieux"):
    lines = programme_figures(Site.objects.for_user(user)).chase
    return next(line for line in lines if line.name == name)


def _token(client, url):
    return client.get(url).context["form"]["submission_token"].value()


def test_a_chef_writes_to_the_trinome_and_the_site_shows_relance_until_it_is_active(
    silent_site, chef, admin_user, clock, django_capture_on_commit_callbacks
):
    mandate = factories.TrinomeMandateFactory(
        site=silent_site, seat=TrinomeSeat.ETAT, personne__email="delegue@prefecture.gouv.fr"
    )
    client = client_for(chef)
    url = reverse("quartiers:follow_up_list", args=[silent_site.pk])
    page = client.get(url)
    recipients = dict(page.context["form"].fields["recipients"].choices)
    assert "delegue@prefecture.gouv.fr" in recipients
    assert "trinôme" in recipients["delegue@prefecture.gouv.fr"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "channel": FollowUpChannel.EMAIL,
                "contacted_on": "05/01/2026",
                "recipients": ["delegue@prefecture.gouv.fr"],
                "subject": "Où en est le cercle ?",
                "message": "Bonjour, le cercle ne s'est pas réuni depuis octobre : pouvons-nous aider ?",
                "submission_token": _token(client, url),
            },
        )
    assert response.status_code == 302
    sent = mail.outbox[-1]
    assert sent.to == ["delegue@prefecture.gouv.fr"] and sent.reply_to == [chef.email]
    assert sent.subject == "Où en est le cercle ?" and "pouvons-nous aider" in sent.body
    follow_up = SiteFollowUp.objects.get(site=silent_site)
    assert follow_up.created_by == chef
    event = SiteEvent.objects.get(site=silent_site, kind="relance")
    assert event.label == "e-mail envoyé depuis QIC"

    line = _line(chef)
    assert line.followed_up.on == datetime.date(2026, 1, 5)
    assert line.followed_up.by == chef.get_full_name()
    assert "pouvons-nous aider" in line.followed_up.note
    national = client_for(admin_user).get(reverse("dashboards:national")).content.decode()
    chase = national[national.index('id="relancer-titre"') :]
    assert "relancé le 05/01/2026" in chase[:3000]
    # Chasing is not the site's own activity: it is still to chase, marked.
    assert line.reasons

    # The next activity of the site ends the mark.
    clock.shift(datetime.timedelta(days=2))
    factories.MeetingFactory(
        cercle=silent_site.cercles.first(),
        starts_at=T0 + datetime.timedelta(days=1),
        status=MeetingStatus.TENUE,
    )
    assert all(line.name != "Silencieux" for line in programme_figures(Site.objects.all()).chase)
    assert mandate  # (the trinôme stays)


def test_a_call_is_noted_without_e_mail(silent_site, centre, centre_user, clock):
    factories.AccompanimentFactory(centre=centre, site=silent_site)
    client = client_for(centre_user)
    url = reverse("quartiers:follow_up_list", args=[silent_site.pk])
    client.post(
        url,
        {
            "channel": FollowUpChannel.TELEPHONE,
            "contacted_on": "05/01/2026",
            "message": "Appel à la cheffe de projet : réunion reportée en février.",
            "submission_token": _token(client, url),
        },
    )
    assert mail.outbox == []
    assert SiteFollowUp.objects.get(site=silent_site).channel == FollowUpChannel.TELEPHONE
    assert "réunion reportée en février" in client.get(url).content.decode()


def test_an_e_mail_needs_recipients_and_a_subject_and_nothing_is_recorded_without(
    silent_site, chef
):
    client = client_for(chef)
    url = reverse("quartiers:follow_up_list", args=[silent_site.pk])
    response = client.post(
        url,
        {
            "channel": FollowUpChannel.EMAIL,
            "contacted_on": "05/01/2026",
            "subject": "",
            "message": "Bonjour",
            "submission_token": _token(client, url),
        },
    )
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "Choisissez au moins un destinataire de l'e-mail." in page
    assert "Un e-mail a besoin d'un objet." in page
    assert not SiteFollowUp.objects.exists() and mail.outbox == []


def test_site_members_and_observers_read_the_follow_ups_but_do_not_write_them(
    site_a, member_a, observer
):
    factories.SiteFollowUpFactory(site=site_a, message="Appel du 30 novembre.")
    url = reverse("quartiers:follow_up_list", args=[site_a.pk])
    for user in (member_a, observer):
        page = client_for(user).get(url)
        assert "Appel du 30 novembre." in page.content.decode()
        assert page.context["form"] is None
        assert client_for(user).post(url, {"message": "x"}).status_code == 403

"""Pratiques inspirantes as users meet them: written from an action, reviewed,
published to the whole programme, bookmarked, asked about and adopted."""

import pytest
from django.core import mail
from django.urls import reverse

from pratiques.models import Practice, PracticeAdoption
from quartiers.models import SiteEvent
from tests import factories
from tests.conftest import client_for
from visions.models import Action

pytestmark = pytest.mark.django_db


def _form(practice_data=None, **extra):
    data = {
        "title": "Les cafés des parents",
        "theme": "participation",
        "objective_theme": "education",
        "problem": "Les parents ne venaient plus aux réunions du collège.",
        "what_was_done": "Des cafés des parents au pied des immeubles, chaque mardi.",
        "funders": "Ville, CAF",
        "duration": "8 mois",
        "lessons": "Aller vers les parents plutôt que les convoquer.",
    }
    data.update(extra)
    return data


def test_journey_publish_from_an_action_then_another_site_adopts(
    site_a, site_b, member_a, member_b, centre_user
):
    indicator = factories.IndicatorFactory(objective__vision__site=site_a, name="Parents présents")
    factories.MeasurementFactory(indicator=indicator)
    action = factories.ActionFactory(
        site=site_a,
        title="Cafés des parents",
        description="Chaque mardi, au pied des tours.",
        funders="Ville",
        objectives=[indicator.objective],
    )
    author = client_for(member_a)
    # The action's page offers to share it; the form starts from what it says.
    assert (
        reverse("pratiques:practice_create", args=[site_a.pk])
        in author.get(action.get_absolute_url()).content.decode()
    )
    url = reverse("pratiques:practice_create", args=[site_a.pk]) + f"?action={action.pk}"
    page = author.get(url).content.decode()
    assert "Chaque mardi, au pied des tours." in page
    response = author.post(
        url,
        _form(
            title="Cafés des parents",
            indicators=[indicator.pk],
            contact=member_a.pk,
            contact_agreed="on",
        ),
    )
    practice = Practice.objects.get()
    assert response["Location"] == practice.get_absolute_url()
    assert practice.origin_action == action
    assert practice.status == "brouillon"
    # A draft is not the programme's yet: member B does not see it.
    assert client_for(member_b).get(practice.get_absolute_url()).status_code == 404

    author.post(reverse("pratiques:practice_submit", args=[practice.pk]))
    practice.refresh_from_db()
    assert practice.status == "proposee"
    # The resource centre accompanying site A publishes it.
    reviewer = client_for(centre_user)
    assert "Valider la relecture" in reviewer.get(practice.get_absolute_url()).content.decode()
    reviewer.post(
        reverse("pratiques:practice_review", args=[practice.pk]),
        {"decision": "publier", "comment": "Très clair, merci."},
    )
    practice.refresh_from_db()
    assert practice.status == "publiee"
    assert SiteEvent.objects.filter(site=site_a, kind="pratique_publiee").exists()

    # Member B finds it by a word of its text and adopts it into site B's plan.
    other = client_for(member_b)
    listing = other.get(reverse("pratiques:practice_list"), {"q": "mardi"}).content.decode()
    assert "Cafés des parents" in listing
    detail = other.get(practice.get_absolute_url()).content.decode()
    assert "Parents présents" in detail and "<svg" in detail  # the linked curve
    assert member_a.email not in detail  # the contact is named, never their address
    response = other.post(
        reverse("pratiques:practice_adopt", args=[practice.pk]),
        {"site": site_b.pk, **_token(other, practice)},
    )
    adopted = Action.objects.get(site=site_b)
    assert response["Location"] == adopted.get_absolute_url()
    assert adopted.title == "Cafés des parents"
    assert PracticeAdoption.objects.get().action == adopted
    plan = other.get(reverse("visions:action_list", args=[site_b.pk])).content.decode()
    assert "Cafés des parents" in plan
    assert SiteEvent.objects.filter(site=site_b, kind="pratique_adoptee").exists()
    # The origin counts one adoption, on its page and in the list.
    assert "adoptée par 1 site" in author.get(practice.get_absolute_url()).content.decode()
    # No second adoption by the same site.
    assert (
        client_for(member_b)
        .get(reverse("pratiques:practice_adopt", args=[practice.pk]))
        .status_code
        == 403
    )


def _token(client, practice):
    from tests.test_idempotency import form_values

    page = client.get(reverse("pratiques:practice_adopt", args=[practice.pk]))
    values = form_values(page.content.decode())
    return {k: v for k, v in values.items() if k != "site"}


def test_a_reviewer_sends_a_practice_back_with_a_comment(site_a, member_a, chef):
    practice = factories.PracticeFactory(site=site_a, status="proposee")
    url = reverse("pratiques:practice_review", args=[practice.pk])
    client_for(chef).post(url, {"decision": "renvoyer", "comment": ""})
    practice.refresh_from_db()
    assert practice.status == "proposee"  # a refusal says why
    client_for(chef).post(url, {"decision": "renvoyer", "comment": "Ajoutez le coût."})
    practice.refresh_from_db()
    assert practice.status == "brouillon"
    assert (
        "Ajoutez le coût." in client_for(member_a).get(practice.get_absolute_url()).content.decode()
    )


def test_a_practice_without_an_agreed_contact_cannot_be_proposed(site_a, member_a):
    practice = factories.PracticeFactory(site=site_a, contact_agreed=False)
    response = client_for(member_a).post(
        reverse("pratiques:practice_submit", args=[practice.pk]), follow=True
    )
    practice.refresh_from_db()
    assert practice.status == "brouillon"
    assert "Nommez un contact" in response.content.decode()


def test_asking_a_question_mails_the_contact_without_showing_the_address(
    site_a, member_b, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "practice_question": "1/h"}
    contact = factories.UserFactory(email="contact-secret@exemple.fr")
    practice = factories.PracticeFactory(site=site_a, published=True, contact=contact)
    client = client_for(member_b)
    url = reverse("pratiques:practice_ask", args=[practice.pk])
    page = client.get(url).content.decode()
    assert "contact-secret@exemple.fr" not in page
    client.post(url, {"message": "Combien de parents venaient au début ?"})
    (sent,) = mail.outbox
    assert sent.to == ["contact-secret@exemple.fr"]
    assert sent.reply_to == [member_b.email]
    assert "Combien de parents" in sent.body
    # Rate-limited per account.
    assert client.post(url, {"message": "Et encore ?"}).status_code == 429
    assert len(mail.outbox) == 1


def test_bookmarks_and_filters(site_a, site_b, member_b):
    kept = factories.PracticeFactory(site=site_a, published=True, theme="mesure")
    factories.PracticeFactory(site=site_a, published=True, theme="gouvernance", title="Autre")
    client = client_for(member_b)
    client.post(reverse("pratiques:practice_bookmark", args=[kept.pk]))
    listing = client.get(reverse("pratiques:practice_list"), {"favoris": "true"}).content.decode()
    assert kept.title in listing and "Autre" not in listing
    listing = client.get(reverse("pratiques:practice_list"), {"theme": "gouvernance"}).content
    assert b"Autre" in listing and kept.title.encode() not in listing
    # Bad input: a French page, never a 500.
    assert client.get(reverse("pratiques:practice_list"), {"region": "x"}).status_code == 200


def test_drafts_and_proposed_practices_stay_on_their_site(site_a, site_b, member_b, member_a):
    draft = factories.PracticeFactory(site=site_a, title="Brouillon secret")
    proposed = factories.PracticeFactory(site=site_a, status="proposee", title="En relecture")
    published = factories.PracticeFactory(site=site_a, published=True, title="Publiée")
    visible = set(Practice.objects.for_user(member_b))
    assert visible == {published}
    listing = client_for(member_b).get(reverse("pratiques:practice_list")).content.decode()
    assert "Publiée" in listing
    assert "Brouillon secret" not in listing and "En relecture" not in listing
    for practice in (draft, proposed):
        assert client_for(member_b).get(practice.get_absolute_url()).status_code == 404
    assert set(Practice.objects.for_user(member_a)) == {draft, proposed, published}
    # A published practice is read, never changed, by other sites.
    assert not Practice.objects.for_user(member_b, "change").exists()
    assert Practice.objects.for_user(None).count() == 0


def test_review_comments_stay_between_the_site_and_its_reviewers(site_a, member_b):
    practice = factories.PracticeFactory(site=site_a, published=True)
    factories.PracticeCommentFactory(practice=practice, text="Remarque interne")
    page = client_for(member_b).get(practice.get_absolute_url()).content.decode()
    assert "Remarque interne" not in page


def test_the_programme_adoption_count(site_a, site_b):
    from pratiques.services import adoption_count

    factories.PracticeAdoptionFactory(site=site_b)
    factories.PracticeAdoptionFactory(site=site_a)
    assert adoption_count() == 2

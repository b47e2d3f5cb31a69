import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_login_is_by_email_whatever_its_case(member_a):
    client = client_for(None)
    response = client.post(
        reverse("accounts:login"),
        {"username": member_a.email.upper(), "password": "mot-de-passe-de-test"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_gets_a_french_message(member_a):
    response = client_for(None).post(
        reverse("accounts:login"), {"username": member_a.email, "password": "faux"}
    )
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()


def test_every_page_requires_a_login(site_a):
    response = client_for(None).get(site_a.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={site_a.get_absolute_url()}"


def ask_for_a_reset(email, django_capture_on_commit_callbacks):
    """The form, then the e-mail task it enqueued (run here, as a worker would)."""
    with django_capture_on_commit_callbacks(execute=True):
        return client_for(None).post(reverse("accounts:password_reset"), {"email": email})


def test_password_reset_by_email_is_single_use(member_a, django_capture_on_commit_callbacks):
    ask_for_a_reset(member_a.email, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^/]+(/mot-de-passe/reinitialiser/\S+/)", mail.outbox[0].body
    ).group(1)
    client = client_for(None)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "un tout nouveau mot de passe"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    member_a.refresh_from_db()
    assert member_a.check_password(new)
    reused = client_for(None).get(link, follow=True)
    assert "Ce lien a déjà servi ou a expiré." in reused.content.decode()


def test_password_reset_does_not_reveal_unknown_addresses(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(None).post(
            reverse("accounts:password_reset"), {"email": "inconnu@exemple.fr"}, follow=True
        )
    assert "Si un compte existe pour cette adresse" in response.content.decode()
    assert mail.outbox == []


def test_a_known_and_an_unknown_address_do_the_same_work_in_the_request(
    member_a, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Sending in the request made a known address answer far slower than an unknown one
    (account enumeration by timing): the request now only enqueues, for both alike."""
    answers = {}
    for email in [member_a.email, "inconnu@exemple.fr"]:
        sent_before = len(mail.outbox)
        with (
            django_assert_num_queries(0),
            django_capture_on_commit_callbacks(execute=False) as callbacks,
        ):
            response = client_for(None).post(reverse("accounts:password_reset"), {"email": email})
        assert len(mail.outbox) == sent_before  # nothing sent while the person waits
        answers[email] = (response.status_code, response["Location"], len(callbacks))
        for callback in callbacks:  # the worker, afterwards
            callback()
    assert (
        answers[member_a.email]
        == answers["inconnu@exemple.fr"]
        == (
            302,
            reverse("accounts:password_reset_done"),
            1,
        )
    )
    assert [message.to for message in mail.outbox] == [[member_a.email]]


def test_a_user_edits_their_profile(member_a):
    client_for(member_a).post(
        reverse("accounts:profile"), {"first_name": "Aïcha", "last_name": "Diallo"}
    )
    member_a.refresh_from_db()
    assert member_a.get_full_name() == "Aïcha Diallo"


def test_logout_ends_the_session(member_a):
    client = client_for(member_a)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_an_invited_user_without_password_can_use_password_reset(
    db, django_capture_on_commit_callbacks
):
    user = factories.UserFactory(email="invitee@exemple.fr", password=None)
    user.set_unusable_password()
    user.save()
    ask_for_a_reset("invitee@exemple.fr", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

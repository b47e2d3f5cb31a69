"""The bell and the notifications page: one's own notifications, read by explicit POSTs."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, ReminderSettings
from notifications.tasks import run_purge
from tests.conftest import client_for
from tests.htmx import assert_fragment_matches_page

pytestmark = pytest.mark.django_db


def notify(user, message="Aucune activité sur le site « Site A ».", url="/sites/1/", **extra):
    return Notification.objects.create(
        user=user, kind="site_inactif", message=message, url=url, **extra
    )


def bell(client) -> str:
    page = BeautifulSoup(client.get(reverse("home")).content, "html.parser")
    return " ".join(page.select_one(".fr-icon-notification-3-line").get_text().split())


def test_the_bell_shows_the_unread_count_of_its_owner_only(member_a, member_b, site_a):
    for _ in range(3):
        notify(member_a)
    notify(member_a, read_at=timezone.now())
    notify(member_b)
    assert bell(client_for(member_a)) == "Notifications 3 non lues"
    assert bell(client_for(member_b)) == "Notifications 1 non lue"
    Notification.objects.filter(user=member_b).delete()
    assert bell(client_for(member_b)) == "Notifications"


def test_the_bell_says_99_plus_beyond_99(member_a):
    Notification.objects.bulk_create(
        [Notification(user=member_a, kind="site_inactif", message="m", url="/") for _ in range(120)]
    )
    assert bell(client_for(member_a)) == "Notifications 99+ non lues"


def test_anonymous_pages_have_no_bell_and_no_count_query(db):
    client = client_for(None)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("accounts:login")).content.decode()
    assert "notification-3-line" not in page
    assert not [q for q in captured if "notifications_notification" in q["sql"]]


def test_the_list_shows_ones_own_notifications_newest_first(member_a, member_b, clock):
    notify(member_a, message="Première")
    clock.shift(timedelta(hours=1))
    notify(member_a, message="Seconde")
    notify(member_b, message="Pas pour vous")
    response = client_for(member_a).get(reverse("notifications:list"))
    assert [n.message for n in response.context["page_obj"]] == ["Seconde", "Première"]
    assert "Pas pour vous" not in response.content.decode()


def test_the_unread_filter_and_its_htmx_fragment(member_a):
    notify(member_a, message="Lue", read_at=timezone.now())
    notify(member_a, message="Pas encore lue")
    client = client_for(member_a)
    url = reverse("notifications:list") + "?unread=true"
    assert [n.message for n in client.get(url).context["page_obj"]] == ["Pas encore lue"]
    assert_fragment_matches_page(client, url)


def test_opening_a_notification_marks_it_read_and_leads_to_its_object(member_a, site_a):
    notification = notify(member_a, url=site_a.get_absolute_url())
    client = client_for(member_a)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == site_a.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert bell(client) == "Notifications"


def test_opening_is_a_post_a_get_changes_nothing(member_a):
    notification = notify(member_a)
    response = client_for(member_a).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_outside_link_is_never_followed(member_a):
    notification = notify(member_a, url="https://exemple.org/piege")
    response = client_for(member_a).post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_does_not_exist(member_a, member_b):
    notification = notify(member_b)
    client = client_for(member_a)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert (
        client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code == 404
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_one_and_mark_all(member_a, member_b):
    first, second, third = notify(member_a), notify(member_a), notify(member_a)
    other = notify(member_b)
    client = client_for(member_a)
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert Notification.objects.filter(user=member_a, read_at__isnull=True).count() == 2
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Toutes vos notifications sont marquées comme lues." in response.content.decode()
    assert not Notification.objects.filter(user=member_a, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None
    assert {second.pk, third.pk} <= set(Notification.objects.values_list("pk", flat=True))


def test_notifications_are_kept_90_days_then_purged(member_a, clock):
    old = notify(member_a, message="Il y a 91 jours")
    clock.shift(timedelta(days=2))
    kept = notify(member_a, message="Il y a 89 jours")
    clock.shift(timedelta(days=89, hours=1))
    run_purge()
    assert list(Notification.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Notification.objects.filter(pk=old.pk).exists()
    ReminderSettings(notification_retention_days=30).save()
    run_purge()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "notifications:list",
        "notifications:preferences",
        "quartiers:site_list",
        "dashboards:site",
        "notifications:reminder_list",
        "notifications:reminder_settings",
        "supervision_jobs",
        "health",
    ],
)
def test_viewing_a_page_never_writes(page, admin_user, site_a, jobs_on_time):
    for _ in range(3):
        notify(admin_user, url=site_a.get_absolute_url())
    client = client_for(admin_user)
    url = reverse(page, args=[site_a.pk] if page == "dashboards:site" else [])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    writes = [
        q["sql"]
        for q in captured
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert Notification.objects.filter(user=admin_user, read_at__isnull=True).count() == 3

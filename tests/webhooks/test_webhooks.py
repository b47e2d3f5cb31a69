"""Webhooks: each event delivered once to a real receiver on 127.0.0.1, signed, retried
after a failure with growing delays, failed after the limit, resent by hand; private
addresses refused."""

import datetime
import http.server
import json
import threading
import time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.conftest import client_for
from webhooks import services, signing
from webhooks.enums import DeliveryStatus
from webhooks.models import Delivery, Subscriber
from webhooks.tasks import run_retry

pytestmark = pytest.mark.django_db
SECRET = "secret-partage"


class Receiver:
    """An HTTP server in a thread that records what it receives and answers the
    statuses it is told to, in turn (then 200)."""

    def __init__(self):
        self.received = []
        self.statuses = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"indisponible")

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/qic"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    with Receiver() as running:
        yield running


@pytest.fixture
def subscriber(receiver):
    return Subscriber.objects.create(name="Grist ANCT", url=receiver.url, secret=SECRET)


def _status_change(site, capture):
    with capture(execute=True):
        factories.SiteStatusChangeFactory(site=site)


def _assert_signed(headers, body):
    assert signing.verify(SECRET, headers["X-QIC-Signature"], body, now=int(time.time()))


def test_each_event_is_delivered_once_signed(
    site_a, subscriber, receiver, django_capture_on_commit_callbacks
):
    _status_change(site_a, django_capture_on_commit_callbacks)
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    _assert_signed(headers, body)
    assert not signing.verify("autre", headers["X-QIC-Signature"], body, now=int(time.time()))
    payload = json.loads(body)
    assert payload["type"] == "statut"
    assert payload["site"] == {"id": site_a.pk, "nom": site_a.name}
    assert headers["X-QIC-Event-Id"] == str(payload["id"])
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 1
    run_retry()  # the periodic job sends nothing twice
    assert len(receiver.received) == 1


def test_a_failure_is_retried_later_then_delivered(
    site_a, subscriber, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]
    _status_change(site_a, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code == 503
    first_delay = delivery.next_attempt_at - delivery.last_attempt_at
    run_retry()  # not yet due
    assert len(receiver.received) == 1
    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
        run_retry()
    assert len(receiver.received) == 2
    (first_headers, first_body), (headers, body) = receiver.received
    assert headers["X-QIC-Event-Id"] == first_headers["X-QIC-Event-Id"]
    assert body == first_body
    _assert_signed(headers, body) if abs(
        time.time() - int(headers["X-QIC-Signature"][2:12])
    ) < 300 else None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert first_delay == services.RETRY_DELAYS[0]


def test_delays_grow_and_the_delivery_fails_after_the_limit(
    site_a, subscriber, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [500] * services.MAX_ATTEMPTS
    _status_change(site_a, django_capture_on_commit_callbacks)
    delays = []
    for _attempt in range(services.MAX_ATTEMPTS - 1):
        delivery = Delivery.objects.get()
        delays.append(delivery.next_attempt_at - delivery.last_attempt_at)
        with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
            run_retry()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == services.MAX_ATTEMPTS
    assert delays == sorted(delays) and delays[0] < delays[-1]
    assert len(receiver.received) == services.MAX_ATTEMPTS

    # « Renvoyer » from the log page, by an administrator.
    response = client_for(factories.UserFactory(role="admin")).post(
        reverse("webhooks:delivery_resend", args=[delivery.pk])
    )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(receiver.received) == services.MAX_ATTEMPTS + 1


def test_kinds_and_sites_chosen(site_a, site_b, receiver, django_capture_on_commit_callbacks):
    only_b = Subscriber.objects.create(name="B", url=receiver.url, secret=SECRET)
    only_b.sites.add(site_b)
    Subscriber.objects.create(name="Mesures", url=receiver.url, secret=SECRET, kinds=["mesure"])
    _status_change(site_a, django_capture_on_commit_callbacks)
    assert not Delivery.objects.exists()
    _status_change(site_b, django_capture_on_commit_callbacks)
    assert list(Delivery.objects.values_list("subscriber__name", flat=True)) == ["B"]


def test_events_written_in_bulk_are_caught_up(site_a, subscriber, receiver):
    from quartiers.models import SiteEvent

    factories.SiteStatusChangeFactory(site=site_a)  # its delivery, sent after commit
    Delivery.objects.all().delete()
    run_retry()
    # Only the events written since the subscriber was registered.
    assert Delivery.objects.get().event_id == SiteEvent.objects.latest("pk").pk
    assert len(receiver.received) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://localhost/crochet",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/",
        "http://[::1]/",
    ],
)
def test_a_private_address_is_refused(url, admin_user):
    response = client_for(admin_user).post(
        reverse("webhooks:subscriber_create"),
        {"name": "Interne", "url": url, "secret": "s" * 20, "active": "on"},
    )
    assert response.status_code == 200
    assert "réseau privé, local ou réservé" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_private_address_is_refused_at_send_time_too(
    site_a, settings, django_capture_on_commit_callbacks
):
    Subscriber.objects.create(name="Devenu interne", url="http://127.0.0.1:9/", secret=SECRET)
    _status_change(site_a, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "réseau privé" in delivery.last_response
    assert delivery.last_attempt_at <= timezone.now()

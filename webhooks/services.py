"""Deliveries: written with the event, sent after commit, retried with growing delays,
failed after ``MAX_ATTEMPTS``.

A send claims its row first (a conditional ``UPDATE`` on its attempts count and its
next attempt), so that the task, the periodic job and a « renvoyer » never send one
delivery twice at once; receivers still drop duplicates by ``X-QIC-Delivery``.
"""

import datetime
import json
import time

import requests
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from quartiers.models import SiteEvent
from webhooks import signing
from webhooks.addresses import check_url
from webhooks.enums import DeliveryStatus
from webhooks.models import Delivery, Subscriber

# Wait before attempt n+1 (after n failures); the last failure marks the delivery failed.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=12),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
TIMEOUT_SECONDS = 10
# While a send is in flight its row is held this long (a lost worker: sent again later).
CLAIM = datetime.timedelta(minutes=5)


def event_payload(event: SiteEvent) -> dict:
    return {
        "id": event.pk,
        "type": event.kind,
        "site": {"id": event.site_id, "nom": event.site.name},
        "survenu_le": event.happened_at.isoformat(),
        "libelle": event.label,
        "detail": event.detail,
        "objet_id": event.link_id,
        "enregistre_le": event.created_at.isoformat(),
    }


def deliveries_create(*, event: SiteEvent) -> list[Delivery]:
    """One delivery per active subscriber that wants this kind on this site."""
    subscribers = (
        Subscriber.objects.filter(active=True)
        .filter(Q(sites=None) | Q(sites=event.site_id))
        .distinct()
    )
    wanted = [s for s in subscribers if not s.kinds or event.kind in s.kinds]
    if not wanted:
        return []
    payload = event_payload(event)
    now = timezone.now()
    return Delivery.objects.bulk_create(
        [
            Delivery(
                subscriber=subscriber,
                event_id=event.pk,
                kind=event.kind,
                payload=payload,
                next_attempt_at=now,
            )
            for subscriber in wanted
        ]
    )


def _claim(delivery: Delivery) -> bool:
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery.pk,
        status=DeliveryStatus.PENDING,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
    ).update(next_attempt_at=now + CLAIM)
    return claimed == 1


def delivery_send(*, delivery_id: int) -> Delivery | None:
    """Send one pending delivery if it is due and not held by another send."""
    delivery = (
        Delivery.objects.select_related("subscriber")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > timezone.now()):
        return None
    if not _claim(delivery):
        return None
    subscriber = delivery.subscriber
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = int(time.time())
    code, text = None, ""
    try:
        check_url(subscriber.url)
        response = requests.post(
            subscriber.url,
            data=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "QIC-webhooks/1",
                "X-QIC-Event": delivery.kind,
                "X-QIC-Event-Id": str(delivery.event_id),
                "X-QIC-Delivery": str(delivery.pk),
                "X-QIC-Signature": signing.header(subscriber.secret, timestamp, body),
            },
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
        code, text = response.status_code, response.text[:500]
        ok = 200 <= code < 300
    except ValidationError as exc:
        ok, text = False, " ".join(exc.messages)[:500]
    except requests.RequestException as exc:
        ok, text = False, f"{type(exc).__name__}: {exc}"[:500]
    now = timezone.now()
    attempts = delivery.attempts + 1
    fields = {
        "attempts": attempts,
        "last_attempt_at": now,
        "last_status_code": code,
        "last_response": text,
    }
    if ok:
        fields |= {"status": DeliveryStatus.SENT, "next_attempt_at": None}
    elif attempts >= MAX_ATTEMPTS:
        fields |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
    else:
        fields["next_attempt_at"] = now + RETRY_DELAYS[attempts - 1]
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    delivery.refresh_from_db()
    return delivery


def deliveries_due(now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:500]
    )


# Events written in bulk (``quartiers.events.record_created``, the daily
# ``events_due``) send no ``post_save``: the periodic job writes their deliveries.
CATCH_UP = datetime.timedelta(days=2)


def deliveries_catch_up(now: datetime.datetime | None = None) -> int:
    """Deliveries for the recent events that have none yet (written in bulk)."""
    now = now or timezone.now()
    created = 0
    for subscriber in Subscriber.objects.filter(active=True).prefetch_related("sites"):
        events = SiteEvent.objects.filter(
            created_at__gte=max(subscriber.created_at, now - CATCH_UP)
        ).exclude(pk__in=Delivery.objects.filter(subscriber=subscriber).values("event_id"))
        if subscriber.kinds:
            events = events.filter(kind__in=subscriber.kinds)
        site_ids = [site.pk for site in subscriber.sites.all()]
        if site_ids:
            events = events.filter(site__in=site_ids)
        rows = [
            Delivery(
                subscriber=subscriber,
                event_id=event.pk,
                kind=event.kind,
                payload=event_payload(event),
                next_attempt_at=now,
            )
            for event in events.select_related("site").order_by("pk")[:1000]
        ]
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
    return created


def deliveries_retry_due() -> dict:
    """The periodic job: deliveries for events written in bulk, then every due
    delivery (first attempts lost with their task, and retries)."""
    caught_up = deliveries_catch_up()
    sent = 0
    for pk in deliveries_due():
        if delivery_send(delivery_id=pk) is not None:
            sent += 1
    return {"caught_up": caught_up, "attempted": sent}


@transaction.atomic
def delivery_resend(*, delivery: Delivery) -> None:
    """« Renvoyer »: back to pending, due now, with a fresh count of attempts."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )

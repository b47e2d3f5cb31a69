"""A new site event writes its deliveries in its own transaction; they are sent once it
commits (``qic.celery.enqueue_on_commit``)."""

from qic.celery import enqueue_on_commit
from webhooks import services


def event_saved(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created:
        return
    from webhooks.tasks import deliver

    for delivery in services.deliveries_create(event=instance):
        if delivery.pk is not None:
            enqueue_on_commit(deliver, delivery.pk)

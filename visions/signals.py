"""Keep what a row stores about other rows true when those change without its own save.

An indicator stores its standing (latest measurement, progress, track, next due date): a
measurement recorded, changed or deleted refreshes it (``refresh_standing()``, in the
same transaction), which also bumps the
indicator's ``updated_at`` so that the API's ``?modified_since=`` finds it. A measurement
moved to another indicator refreshes both. Links of an action or a cercle to objectives
and partners bump the action.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from visions.models import Action, Indicator, Measurement


def _bump(model, pks) -> None:
    if pks:
        model.objects.filter(pk__in=pks).update(updated_at=timezone.now())


@receiver(post_save, sender=Measurement)
@receiver(post_delete, sender=Measurement)
def refresh_indicator_on_measurement(sender, instance, **kwargs):
    touched = {instance.indicator_id, getattr(instance, "indicator_id_as_read", None)}
    Indicator.objects.filter(pk__in=touched - {None}).refresh_standing()


_OWNERS = {Action.objectives.through: Action, Action.partners.through: Action}


@receiver(m2m_changed)
def bump_on_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    owner = _OWNERS.get(sender)
    if owner is None or action not in ("post_add", "post_remove", "post_clear"):
        return
    _bump(owner, pk_set if reverse else [instance.pk])

"""Keep ``updated_at`` true when what a row shows changes without its own save.

An indicator's API representation carries its latest value and progress: a measurement
recorded or deleted bumps its indicator, so that ``?modified_since=`` finds it. Links of
an action or a cercle to objectives and partners bump the action.
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
def bump_indicator_on_measurement(sender, instance, **kwargs):
    _bump(Indicator, [instance.indicator_id])


_OWNERS = {Action.objectives.through: Action, Action.partners.through: Action}


@receiver(m2m_changed)
def bump_on_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    owner = _OWNERS.get(sender)
    if owner is None or action not in ("post_add", "post_remove", "post_clear"):
        return
    _bump(owner, pk_set if reverse else [instance.pk])

"""Keep ``updated_at`` true when what a row shows changes without its own save.

A meeting's API representation carries its agenda and attendance: changing them bumps
the meeting, so that ``?modified_since=`` finds it; a cercle's objectives bump the cercle.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from cercles.models import AgendaItem, Attendance, Cercle, Meeting


def _bump(model, pks) -> None:
    if pks:
        model.objects.filter(pk__in=pks).update(updated_at=timezone.now())


@receiver(post_save, sender=AgendaItem)
@receiver(post_delete, sender=AgendaItem)
@receiver(post_save, sender=Attendance)
@receiver(post_delete, sender=Attendance)
def bump_meeting(sender, instance, **kwargs):
    _bump(Meeting, [instance.meeting_id])


@receiver(m2m_changed, sender=Cercle.objectives.through)
def bump_cercle_on_objectives(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _bump(Cercle, pk_set if reverse else [instance.pk])

"""Keep ``updated_at`` true when a row changes without its own save (and an
accompaniment's hours done equal to the sum of its interventions).

The API's incremental sync (``?modified_since=``) reads ``updated_at``. A row's links to
other rows (a site's QPV, a person's sites…) live in join tables, and a site's
representation carries its current trinôme: those changes bump the row they belong to.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from quartiers.models import (
    Accompaniment,
    FormationSession,
    Intervention,
    Personne,
    Quartier,
    Site,
    TrinomeMandate,
)


def _bump(model, pks) -> None:
    if pks:
        model.objects.filter(pk__in=pks).update(updated_at=timezone.now())


# join table → the model whose representation lists the links
_OWNERS = {
    Site.quartiers.through: Site,
    Personne.sites.through: Personne,
    Quartier.communes.through: Quartier,
    FormationSession.sites_present.through: FormationSession,
}


@receiver(m2m_changed)
def bump_on_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    owner = _OWNERS.get(sender)
    if owner is None or action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        # ``instance`` is the other side (a quartier whose sites changed…): bump the owners.
        _bump(owner, pk_set)
    else:
        _bump(owner, [instance.pk])


@receiver(post_save, sender=Intervention)
@receiver(post_delete, sender=Intervention)
def refresh_hours_on_intervention_change(sender, instance, **kwargs):
    """An accompaniment's hours done are the sum of its interventions."""
    accompaniment = Accompaniment.objects.filter(pk=instance.accompaniment_id).first()
    if accompaniment is not None:  # gone with its accompaniment (cascade)
        accompaniment.refresh_hours_done()


@receiver(post_save, sender=TrinomeMandate)
@receiver(post_delete, sender=TrinomeMandate)
def bump_site_on_trinome_change(sender, instance, **kwargs):
    _bump(Site, [instance.site_id])

"""A site's data stamp: ``Site.data_version`` changes in the transaction of every
write on the site or on a row that belongs to it, so that figures derived from a site's
data (summaries/) can be cached under the key ``(site, stamp)`` and never be read stale:
a reader sees the new stamp exactly when it sees the new data.

A row leads to its sites by a lookup path: ``site_path`` on the model (the same path
``SiteScopedQuerySet.for_user`` follows, ``"site"`` by default), or ``SITE_PATHS`` for
the programme's rows that concern several sites (a QPV, a cohort, a formation-action
session). A journal entry (django-auditlog) concerns the sites of the row it describes.
Nothing here names another app: models are recognised by their manager. A journal
entry created with its row adds nothing (the row's save bumped already); one edited or
deleted afterwards (anonymisation, retention) bumps its row's sites.

The stamp is a new random UUID, not an increment (nor the time, which tests freeze), so a
full ``site.save()`` from an instance read before another write cannot bring an old
stamp back: it is followed by its own bump.

Bulk writes send ``qic.history.bulk_written`` with the rows, or call ``rows_touch``
themselves (the measurement querysets' ``update``/``bulk_*``, ``import_qpv``);
``seed_scale`` writes fresh stamps with its rows.
"""

import functools
import uuid

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_save, pre_delete

from qic.history import bulk_written
from quartiers.models import Cohort, FormationSession, Quartier, Site
from quartiers.querysets import SiteScopedQuerySet

# Rows of the programme that concern every site linked to them.
SITE_PATHS = {
    Site: "pk",
    Quartier: "sites",
    Cohort: "sites",
    FormationSession: "cohort__sites",
}


@functools.cache
def site_path(model: type[Model]) -> str | None:
    """The lookup from a row of ``model`` to its sites, or None when it concerns none."""
    if model in SITE_PATHS:
        return SITE_PATHS[model]
    if isinstance(model._default_manager.all(), SiteScopedQuerySet):
        return getattr(model, "site_path", "site")
    return None


def sites_touch(site_ids) -> None:
    """Give the sites ``site_ids`` (ids, or a ``values("…")`` queryset) a new stamp."""
    Site.objects.filter(pk__in=site_ids).update(data_version=uuid.uuid4())


def rows_touch(model: type[Model], pks) -> None:
    """New stamps for the sites the rows ``pks`` of ``model`` concern (one query)."""
    path = site_path(model)
    if path is None or not pks:
        return
    if path == "pk":
        sites_touch(pks)
    else:
        sites_touch(model._default_manager.filter(pk__in=pks).values(path))


def _on_save(sender, instance, created=False, raw=False, **kwargs):
    if raw:  # loaddata
        return
    if sender is LogEntry:
        if created:
            return
        model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
        if model is not None and instance.object_id is not None:
            rows_touch(model, [instance.object_id])
        return
    rows_touch(sender, [instance.pk])


def _on_delete(sender, instance, **kwargs):
    # Before the deletion: the row still leads to its sites.
    _on_save(sender, instance)


def _on_links(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    rows_touch(type(instance), [instance.pk])
    if pk_set:
        rows_touch(model, list(pk_set))


def _on_bulk(sender, objects=(), **kwargs):
    rows_touch(sender, [obj.pk for obj in objects])


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="quartiers-stamps-save")
    pre_delete.connect(_on_delete, dispatch_uid="quartiers-stamps-delete")
    m2m_changed.connect(_on_links, dispatch_uid="quartiers-stamps-links")
    bulk_written.connect(_on_bulk, dispatch_uid="quartiers-stamps-bulk")

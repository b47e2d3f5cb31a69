"""The index kept fresh by the writes: saving or deleting an indexed row rewrites or
removes its one entry; saving or deleting a row it ``follows`` (an agenda item, a
cercle) rewrites the entries of the rows it changes. Rows written in bulk send no
signal unless their service sends ``qic.history.bulk_written``: ``manage.py reindex``
after them (docs/architecture.md, « Recherche »)."""

from django.db.models.signals import post_delete, post_save

from qic.history import bulk_written
from recherche import registry
from recherche.index import index_object, index_objects, unindex_object


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures: reindex after loading them
        return
    index_object(instance, registry.for_model(sender))


def _deleted(sender, instance, **kwargs):
    unindex_object(instance)


def _followed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for index, rows in registry.following(sender):
        for row in rows(instance):
            index_object(row, index)


def _bulk_written(sender, objects, **kwargs):
    """Rows a service wrote in bulk and announced (``qic.history.bulk_written``)."""
    if registry.for_model(sender) is not None:
        index_objects(sender, objects)


def connect() -> None:
    bulk_written.connect(_bulk_written, dispatch_uid="recherche.bulk_written")
    followed = set()
    for index in registry.indexes():
        uid = f"recherche.{index.kind}"
        post_save.connect(_saved, sender=index.model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_deleted, sender=index.model, dispatch_uid=f"{uid}.delete")
        followed.update(index.follows)
    for model in followed:
        uid = f"recherche.follows.{model._meta.label}"
        post_save.connect(_followed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_followed, sender=model, dispatch_uid=f"{uid}.delete")

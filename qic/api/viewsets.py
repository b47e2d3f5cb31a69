"""Base view sets: every resource is read and written as its pages allow.

A resource declares its model's serializer and, when the pages say so, the predicates
that allow creating, changing or deleting (``quartiers.perms``). Everything else —
scoping, 404/403, transactions, the change journal's author — is here.
"""

import contextlib

from auditlog.context import set_actor
from django.db import transaction
from rest_framework import mixins, viewsets
from rest_framework.permissions import SAFE_METHODS

from qic import idempotency
from qic.api.permissions import is_signed_in
from qic.api.serializers import frozen

VIEW, CHANGE = "view", "change"


class ApiViewMixin:
    """For every API view (view sets and plain API views alike)."""

    def dispatch(self, request, *args, **kwargs):
        # DRF authenticates inside the view, after auditlog's middleware has looked for a
        # user: name the token's owner as the author of the changes this request makes.
        self._actor = contextlib.ExitStack()
        with self._actor:
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._claim = None
        if is_signed_in(request.user):
            self._actor.enter_context(set_actor(request.user))
            # A POST with an Idempotency-Key runs once (qic.idempotency, docs/api.md).
            self._claim = idempotency.api_claim(request, self._actor)

    def handle_exception(self, exc):
        if isinstance(exc, idempotency.ApiReplay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(self, "_claim", None) is not None:
            idempotency.api_record(self._claim, response)
            self._claim = None
        return super().finalize_response(request, response, *args, **kwargs)


class ScopedViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Rows come from ``Model.objects.for_user(user, "view")``: what the user's pages list.

    Out of sight → 404. Writes: see ``qic.api.permissions.ScopedPermission``. By default
    a user may change (and delete) exactly the rows of ``for_user(user, "change")``, and
    create when ``can_create`` says so (nobody, unless the resource says otherwise).
    """

    # Keyset pagination (qic.api.pagination): default order and allowed orders.
    ordering = "updated_at"
    ordering_fields: list[str] = []
    # Fields written on creation only (a row's parent): read-only in PUT and PATCH.
    create_only_fields: tuple[str, ...] = ()
    # Read the row again after a write, for values computed by the queryset (annotations).
    refetch_after_write = False

    def get_serializer_class(self):
        serializer_class = super().get_serializer_class()
        if self.create_only_fields and getattr(self, "action", None) in (
            "update",
            "partial_update",
        ):
            return frozen(serializer_class, tuple(self.create_only_fields))
        return serializer_class

    def refetch(self, serializer):
        if self.refetch_after_write:
            serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    @property
    def model(self):
        return self.get_serializer_class().Meta.model

    def get_queryset(self):
        return self.optimize(self.model.objects.for_user(self.request.user, VIEW))

    def optimize(self, queryset):
        """select_related / prefetch_related so that a page costs a fixed number of queries."""
        return queryset

    def related_for_writes(self, queryset, *fields):
        """``select_related(*fields)`` for a write only, whose validation reads them; a read
        shows the site's id from ``with_site_id()`` and needs none of these models."""
        if self.request is None or self.request.method in SAFE_METHODS:
            return queryset
        return queryset.select_related(*fields)

    # --- predicates, as the pages ------------------------------------------------------

    def can_create(self, user) -> bool:
        return False

    def can_change_object(self, user, obj) -> bool:
        return type(obj).objects.for_user(user, CHANGE).filter(pk=obj.pk).exists()

    def can_delete_object(self, user, obj) -> bool:
        return False

    def create_extra(self, serializer) -> dict:
        """Values the server sets on creation (author…)."""
        return {}


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """List and detail; every write answers 405."""


class ReadWriteViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ReadOnlyViewSet,
):
    """List, detail, create (POST), update (PUT, PATCH); no deletion (405).

    Each write runs in its own transaction (a savepoint in tests), so that a database
    error rolls it back whole before the error handler turns it into a 400."""

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save(**self.create_extra(serializer))
        self.refetch(serializer)

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()
        self.refetch(serializer)


class FullViewSet(mixins.DestroyModelMixin, ReadWriteViewSet):
    """Also DELETE, for resources whose pages delete (``can_delete_object``)."""

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()

"""Write permissions of an API view, taken from the view itself (``ScopedViewSet``)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class ScopedPermission(BasePermission):
    """Signed-in users only; reads are already scoped by the queryset (out of sight: 404).

    Writes ask the view, which answers with the same predicates as the pages:
    ``can_create(user)`` for a creation, ``can_change_object(user, obj)`` for an update
    or an action on an object, ``can_delete_object(user, obj)`` for a deletion. A
    visible object that the user may not change answers 403.
    """

    def has_permission(self, request, view):
        if not is_signed_in(request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "action", None) == "create":
            return view.can_create(request.user)
        return True

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            return view.can_delete_object(request.user, obj)
        return view.can_change_object(request.user, obj)

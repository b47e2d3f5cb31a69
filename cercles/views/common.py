"""Helpers shared by the views of the app."""

from django.core.exceptions import ValidationError

from quartiers import perms
from quartiers.models import Site
from quartiers.querysets import VIEW


def get_site(request, pk, action=VIEW) -> Site:
    return perms.get_object_or_deny(request.user, Site.objects.all(), action, pk=pk)


def apply_form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)

"""Helpers shared by the visions views."""

from django.core.exceptions import ValidationError
from django.http import Http404

from quartiers import perms
from quartiers.models import Site
from quartiers.querysets import VIEW
from visions.models import Vision


def load_site(request, pk, action=VIEW) -> Site:
    """The site, if the user may ``action`` it: else 404 (out of sight) or 403."""
    return perms.get_object_or_deny(request.user, Site.objects.all(), action, pk=pk)


def site_vision(site) -> Vision:
    """The site's vision, or 404 when it has none yet."""
    try:
        return Vision.objects.get(site=site)
    except Vision.DoesNotExist:
        raise Http404("Ce site n'a pas encore de vision.") from None


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)

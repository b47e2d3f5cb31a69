"""Links between resources that respect the user's scope."""

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers

VIEW, CHANGE = "view", "change"


class ObjectUrlField(serializers.HyperlinkedIdentityField):
    """A row's address (``HyperlinkedIdentityField``), with the view's address resolved
    once per request instead of once per row: the address of a row whose id is a
    placeholder, with each row's id put in its place. ``reverse()`` and
    ``build_absolute_uri()`` per row were a tenth of a list's time.
    """

    PLACEHOLDER = "9876543210"  # an id that every route's pattern accepts

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._template = None  # (request, view_name, head, tail)

    def get_url(self, obj, view_name, request, format):
        pk = getattr(obj, "pk", None)
        if format or self.lookup_field != "pk" or type(pk) is not int:
            return super().get_url(obj, view_name, request, format)
        template = self._template
        if template is None or template[0] is not request or template[1] != view_name:
            template = self._template = (request, view_name, *self._split(view_name, request))
        head, tail = template[2], template[3]
        if head is None:  # the placeholder could not be found again: no shortcut
            return super().get_url(obj, view_name, request, format)
        return f"{head}{pk}{tail}"

    def _split(self, view_name, request):
        url = self.reverse(
            view_name, kwargs={self.lookup_url_kwarg: self.PLACEHOLDER}, request=request
        )
        if url.count(self.PLACEHOLDER) != 1:
            return None, None
        head, _, tail = url.partition(self.PLACEHOLDER)
        return head, tail


def object_url(basename):
    """The API address of the row (``api:<basename>-detail``)."""
    return ObjectUrlField(
        view_name=f"api:{basename}-detail", help_text=gettext_lazy("Adresse de l'objet dans l'API.")
    )


SITE_ID = "api_site_id"


def with_site_id(queryset):
    """Each row with the id of its site (the model's ``site_path``) as an annotation, read
    by ``site_id()``: a column of the joins the scoping already makes, instead of every
    model down the chain (a measurement's indicator, objective and vision) built per row
    to read one id."""
    path = getattr(queryset.model, "site_path", "site")
    return queryset.annotate(**{SITE_ID: F(f"{path}_id")})


class SiteIdField(serializers.IntegerField):
    """The row's ``with_site_id()`` annotation when it has one (lists, details), else its
    ``source`` (a row just written)."""

    def get_attribute(self, instance):
        annotated = getattr(instance, SITE_ID, None)
        if annotated is not None:
            return annotated
        return super().get_attribute(instance)


def site_id(source):
    """The id of the site a row belongs to, read through ``source`` (read-only)."""
    return SiteIdField(source=source, read_only=True, help_text=gettext_lazy("Id du site."))


def request_user(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """The id of a row the user can see: a row out of their sight does not exist for them
    (« objet n'existe pas »), exactly as its page would answer 404.

    With ``action="change"`` a row they see but may not change is refused with 403, as the
    page of that row refuses it: linking a new accompaniment to a site needs the right
    to change that site.
    """

    def __init__(self, model, action: str = VIEW, **kwargs):
        self.model = model
        self.scoped_action = action
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.for_user(request_user(self), VIEW)

    def to_internal_value(self, data):
        obj = super().to_internal_value(data)
        if self.scoped_action == CHANGE:
            user = request_user(self)
            if not self.model.objects.for_user(user, CHANGE).filter(pk=obj.pk).exists():
                raise exceptions.PermissionDenied(
                    _("Vous ne pouvez pas modifier « %(object)s ».") % {"object": obj}
                )
        return obj

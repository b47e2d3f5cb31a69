from decimal import Decimal, InvalidOperation

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from qic.history import ORIGIN_LABELS
from qic.idempotency import new_token
from qic.numbers import format_decimal
from qic.text import duration

register = template.Library()

_EMPTY = {"None", "", "[]"}
# Bookkeeping fields that say nothing to a reader of the history.
_HIDDEN_FIELDS = {"id", "created_at", "updated_at"}


@register.filter
def fr_number(value):
    """« 1 234,5 »; an empty string for None."""
    return format_decimal(value)


@register.filter
def history_changes(entry):
    """(field label, before, after) rows of one change-journal entry, for display.

    Only the model's own fields are shown (not reverse relations or bookkeeping), with
    their French labels and choice labels, in the model's field order (the forms' order),
    numbers written the French way (« 19 », « 1 234,5 »).
    """
    model = entry.content_type.model_class()
    display = entry.changes_display_dict
    changes = entry.changes_dict or {}
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    rows = []
    for name in sorted(changes, key=lambda n: order.get(n, len(order))):
        values = changes[name]
        if name in _HIDDEN_FIELDS:
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            continue
        if field is None or field.auto_created or not (field.concrete or field.many_to_many):
            continue
        label = str(field.verbose_name)
        if isinstance(values, dict) and values.get("type") == "m2m":
            verb = _("ajout") if values.get("operation") == "add" else _("retrait")
            rows.append((label, verb, ", ".join(values.get("objects", []))))
            continue
        before, after = [*display.get(label, values), "", ""][:2]
        if isinstance(field, models.DecimalField | models.FloatField):
            before, after = _french_number(before), _french_number(after)
        before = "—" if str(before) in _EMPTY else before
        after = "—" if str(after) in _EMPTY else after
        if before != after:
            rows.append((label, before, after))
    return rows


def _french_number(value):
    try:
        return format_decimal(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return value


@register.filter
def history_author(entry) -> str:
    """Who wrote a change-journal entry: the person, and what they wrote it through when
    it was an import; without a person, what wrote it (« par la démonstration »)."""
    origin = (entry.additional_data or {}).get("origin")
    person = str(entry.actor) if entry.actor_id else entry.actor_email
    if person and origin in ORIGIN_LABELS:
        return f"{person} ({ORIGIN_LABELS[origin]})"
    return person or str(ORIGIN_LABELS.get(origin, ORIGIN_LABELS[None]))


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("includes/breadcrumb.html")
def breadcrumb(*items):
    """DSFR breadcrumb from alternating labels and URLs; the last label is the current page.

    ``{% breadcrumb "Sites" site_list_url site.name %}``
    """
    *links, current = items
    pairs = [(links[i], links[i + 1]) for i in range(0, len(links) - 1, 2)]
    return {"links": pairs, "current": current}


# Query parameters that choose a page or an order of the same results: not filters.
_NOT_FILTERS = {"page", "tri"}


@register.filter
def filters_set(query) -> bool:
    """Whether a query string (``request.GET``) sets a filter; a page or a sort is not one
    (filters behind « Filtres » open only when one is set)."""
    return any(any(values) for key, values in query.lists() if key not in _NOT_FILTERS)


@register.filter
def duree(value):
    """A timedelta in French words (« 5 minutes », « 1 jour », « 2,4 s »)."""
    return duration(value)


@register.filter
def minutes(duration) -> int:
    """Whole minutes of a timedelta (« 15 » for 0:15:00)."""
    return int(duration.total_seconds() // 60) if duration else 0


@register.simple_tag
def submission_token():
    """A one-time submission token for a create form that is not one Django form (the
    measurement grid): ``<input type="hidden" name="submission_token" value="…">``,
    see qic/idempotency.py."""
    return new_token()


class _TableNode(template.Node):
    def __init__(self, nodelist, label, classes):
        self.nodelist, self.label, self.classes = nodelist, label, classes

    def render(self, context):
        table = context.template.engine.get_template("includes/table.html")
        values = {
            "content": self.nodelist.render(context),
            "label": self.label.resolve(context),
            "classes": self.classes.resolve(context) if self.classes else "",
        }
        with context.push(**values):
            return table.render(context)


@register.tag("table_scroll")
def table_scroll(parser, token):
    """A table in the DSFR 1.14 markup (includes/table.html), whose scrolling container
    can take the focus and is named, so a keyboard user scrolls it sideways on a phone:

        {% table_scroll _("Mes engagements") "fr-table--no-caption" %}
          <table><caption>…</caption>…</table>
        {% endtable_scroll %}

    The label is the table's caption (a region's name); the classes are added to
    ``fr-table``. Every ``<table>`` of the pages is written so (tests/test_layout.py)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(
            f"{bits[0]} prend un libellé et, au choix, des classes (« {token.contents} »)."
        )
    nodelist = parser.parse(("endtable_scroll",))
    parser.delete_first_token()
    label = parser.compile_filter(bits[1])
    classes = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return _TableNode(nodelist, label, classes)

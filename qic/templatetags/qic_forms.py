"""Form widget rendering (FORM_RENDERER = TemplatesSetting renders every widget through
the project's templates)."""

from django import template
from django.template.base import render_value_in_context
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

DJANGO_OPTION = "django/forms/widgets/select_option.html"


def _formatted(value):
    """``{{ value|stringformat:'s' }}``: a string, escaped unless it was safe."""
    text = str(value)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs, context):
    """django/forms/widgets/attrs.html."""
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(f" {render_value_in_context(name, context)}")
        if value is not True:
            html.append(f'="{_formatted(value)}"')
    return "".join(html)


def _option(option, context):
    """django/forms/widgets/select_option.html, with its final newline."""
    if option["template_name"] != DJANGO_OPTION:
        return render_to_string(option["template_name"], {"widget": option})
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"], context)}>'
        f"{render_value_in_context(option['label'], context)}</option>\n"
    )


@register.simple_tag(takes_context=True)
def select_options(context, optgroups):
    """The options of django/forms/widgets/select.html, written in Python: the template
    includes two templates per option (select_option.html, attrs.html), and a list of
    départements is about a hundred options. Same markup, character for character."""
    html = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            html.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
        for option in group_choices:
            html.append(f"\n  {_option(option, context)}")
        if group_name:
            html.append("\n  </optgroup>")
    return mark_safe("".join(html))

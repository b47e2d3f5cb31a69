"""Form base classes rendered with the DSFR (Système de design de l'État).

``DsfrFormMixin`` gives any Django form the DSFR field snippets of django-dsfr without
its transitional warnings. Optional fields are marked rather than required ones, as
the DSFR now recommends (setting ``DSFR_MARK_OPTIONAL_FIELDS``).
"""

from django import forms
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr


class DsfrFormMixin:
    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField
    # A filter form's fields are all optional: none says « (Optionnel) »
    # (templates/dsfr/form_field_snippets/input_snippet.html).
    is_filter_form = False

    def __getitem__(self, name):
        # Styled when first read, not in __init__: a subclass may still add fields or
        # change labels after calling super().__init__().
        bound = super().__getitem__(name)
        dsfr_input_class_attr(bound)
        return bound


class DsfrForm(DsfrFormMixin, forms.Form):
    pass


class DsfrModelForm(DsfrFormMixin, forms.ModelForm):
    pass


class DsfrFilterForm(DsfrForm):
    """The form of a list's filters (``FilterSet.Meta.form``)."""

    is_filter_form = True


class DateInput(forms.DateInput):
    """A native date picker (ISO value, shown in the user's locale by the browser)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

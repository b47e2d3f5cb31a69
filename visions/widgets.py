"""Radio buttons and checkboxes drawn the DSFR way.

django-dsfr's own option templates are shadowed by Django's (``django.forms`` comes
before ``dsfr`` in INSTALLED_APPS), so these widgets name theirs. The class names stay
``RadioSelect`` and ``CheckboxSelectMultiple``: django-dsfr picks its field snippet from
them.
"""

from django import forms


class RadioSelect(forms.RadioSelect):
    option_template_name = "visions/widgets/radio_option.html"


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    option_template_name = "visions/widgets/checkbox_option.html"

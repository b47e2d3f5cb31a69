from django import forms
from django.utils.translation import gettext_lazy as _

from publication.models import PublicPage
from qic.forms import DsfrModelForm
from visions.models import Indicator


class PublicPageForm(DsfrModelForm):
    """What the trinôme chooses to publish; indicators one by one, among the site's."""

    class Meta:
        model = PublicPage
        fields = [
            "show_vision",
            "show_objectives",
            "indicators",
            "show_actions",
            "show_structures",
            "noindex",
        ]
        widgets = {"indicators": forms.CheckboxSelectMultiple}
        help_texts = {
            "show_vision": _("La dernière version adoptée de la vision, jamais un brouillon."),
            "show_actions": _("Leur intitulé, leur statut et leurs dates, sans description."),
            "show_structures": _("Les structures qui portent les actions ou y sont partenaires."),
            "indicators": _("Leur courbe, leur valeur de référence, leur cible et leurs mesures."),
        }

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = (
            Indicator.objects.filter(objective__vision__site=site)
            .select_related("objective")
            .order_by("objective__position", "name", "pk")
        )

from django import forms
from django.utils.translation import gettext_lazy as _

from qic.forms import DsfrModelForm
from qic.idempotency import SubmissionTokenMixin
from quartiers import events
from quartiers.models import Site
from webhooks.addresses import check_url
from webhooks.models import Subscriber


class SubscriberForm(SubmissionTokenMixin, DsfrModelForm):
    url = forms.URLField(label=_("Adresse de réception"), max_length=500, assume_scheme="https")
    kinds = forms.MultipleChoiceField(
        label=_("Types d'événements"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun choisi : tous les types."),
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"),
        queryset=Site.objects.order_by("name"),
        required=False,
        help_text=_("Aucun choisi : tous les sites."),
    )

    class Meta:
        model = Subscriber
        fields = ["name", "url", "secret", "kinds", "sites", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(key, kind.title) for key, kind in events.KINDS.items()]

    def clean_url(self):
        url = self.cleaned_data["url"]
        check_url(url)
        return url

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cercles.documents import ACCEPTED_EXTENSIONS, check_upload, max_size
from pratiques.models import Practice
from qic.forms import DsfrForm, DsfrModelForm
from qic.idempotency import SubmissionTokenMixin
from qic.numbers import FrenchDecimalField
from quartiers.models import Site, Structure
from visions.models import Indicator


class PracticeForm(SubmissionTokenMixin, DsfrModelForm):
    cost = FrenchDecimalField(label=_("Coût (€)"), required=False, max_digits=12, decimal_places=2)

    class Meta:
        model = Practice
        fields = [
            "title",
            "theme",
            "objective_theme",
            "problem",
            "what_was_done",
            "partners",
            "cost",
            "funders",
            "duration",
            "results",
            "indicators",
            "lessons",
            "contact",
            "contact_agreed",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "what_was_done": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Structure.objects.order_by("name")
        self.fields["partners"].help_text = _("Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.")
        # Only the site's own indicators can show its results.
        self.fields["indicators"].queryset = Indicator.objects.filter(
            objective__vision__site=site
        ).order_by("name", "pk")
        # The contact is one of the site's people with an account.
        self.fields["contact"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(site_accesses__site=site) | Q(sites_suivis=site))
            .distinct()
            .order_by("last_name", "first_name", "email")
        )
        self.fields["contact_agreed"].help_text = _(
            "Son nom sera visible de tous ; son adresse e-mail jamais."
        )

    def clean_cost(self):
        value = self.cleaned_data["cost"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("Le coût ne peut pas être négatif."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact_agreed") and not cleaned.get("contact"):
            self.add_error("contact", _("Choisissez le contact qui a accepté d'être nommé."))
        return cleaned


class ReviewForm(DsfrForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("publier", _("Publier")), ("renvoyer", _("Renvoyer au site"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour renvoyer la pratique au site."),
    )


class QuestionForm(DsfrForm):
    message = forms.CharField(
        label=_("Votre question"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Le contact la reçoit par e-mail avec votre adresse pour vous répondre ; "
            "la sienne ne vous est pas communiquée."
        ),
    )


class AdoptForm(SubmissionTokenMixin, DsfrForm):
    site = forms.ModelChoiceField(
        label=_("Site qui adopte la pratique"), queryset=Site.objects.none()
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites


class DocumentForm(SubmissionTokenMixin, DsfrForm):
    file = forms.FileField(label=_("Document"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Types acceptés : %(types)s. Taille maximale : %(max)s Mo."
        ) % {"types": ACCEPTED_EXTENSIONS, "max": max_size() // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.doctype = check_upload(upload)
        return upload

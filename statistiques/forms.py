from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qic.forms import DsfrForm
from qic.idempotency import SubmissionTokenMixin

# An INSEE zip of QPV statistics weighs a few hundred kilobytes.
MAX_BYTES = 20 * 1024 * 1024


class MultipleZipInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleZipField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleZipInput(attrs={"accept": ".zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            # No file at all: the field's own « obligatoire » (an empty list is not « none »).
            return [single(item, initial) for item in data] or [single(None, initial)]
        return [single(data, initial)]


class StatImportForm(SubmissionTokenMixin, DsfrForm):
    files = MultipleZipField(
        label=_("Archives zip de l'Insee"),
        help_text=_(
            "Un zip par thème et par année, tel que publié (fichier de données _QP.csv ou "
            "_QP24.csv, fichier de l'ensemble des QPV, fichier meta). Plusieurs fichiers possibles."
        ),
    )
    source_url = forms.URLField(
        label=_("Adresse de la page source (facultatif)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    vintage = forms.IntegerField(
        label=_("Millésime (facultatif)"),
        help_text=_("Seulement si ni les colonnes ni le nom du fichier ne le disent."),
        required=False,
        min_value=1990,
        max_value=2100,
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        for upload in uploads:
            if upload.size > MAX_BYTES:
                raise ValidationError(
                    _("« %(name)s » dépasse %(size)d Mo.")
                    % {"name": upload.name, "size": MAX_BYTES // 1024 // 1024}
                )
        return uploads

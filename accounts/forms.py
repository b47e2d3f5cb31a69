from datetime import timedelta

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from qic.forms import DsfrForm, DsfrFormMixin, DsfrModelForm
from qic.idempotency import SubmissionTokenMixin


class LoginForm(DsfrFormMixin, auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _(
            "Adresse e-mail ou mot de passe incorrect. Les deux champs tiennent compte "
            "des majuscules pour le mot de passe."
        ),
        "inactive": _("Ce compte est désactivé."),
    }


class PasswordResetForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    def get_users(self, email):
        # Invited users who never set a password may use the reset link too.
        return User.objects.filter(email__iexact=email, is_active=True)


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(DsfrFormMixin, auth_forms.PasswordChangeForm):
    pass


class ProfileForm(DsfrModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name"]


class ApiTokenForm(SubmissionTokenMixin, DsfrForm):
    VALIDITY_CHOICES = [
        ("30", _("30 jours")),
        ("90", _("90 jours")),
        ("365", _("1 an")),
        ("aucune", _("sans date d'expiration")),
    ]

    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Ce qui l'utilisera, par exemple « Tableau de bord Grist »."),
    )
    validity = forms.ChoiceField(label=_("Validité"), choices=VALIDITY_CHOICES, initial="90")

    def expires_at(self):
        days = self.cleaned_data["validity"]
        return None if days == "aucune" else timezone.now() + timedelta(days=int(days))


class SecondFactorCodeForm(DsfrForm):
    code = forms.CharField(
        label=_("Code à 6 chiffres"),
        min_length=6,
        max_length=6,
        help_text=_("Le code affiché par votre application d'authentification."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or self.device is None or not self.device.verify_token(code):
            raise forms.ValidationError(
                _("Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et réessayez.")
            )
        return code

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from qic.forms import DsfrFormMixin, DsfrModelForm


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

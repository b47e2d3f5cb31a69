from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import proconnect, second_factor
from accounts.forms import (
    ApiTokenForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SecondFactorCodeForm,
    SetPasswordForm,
)
from accounts.models import ApiToken, Invitation
from accounts.services import invitation_accept, password_reset_request
from qic.idempotency import idempotent_create
from qic.ratelimit import rate_limited


@method_decorator(rate_limited("login"), name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proconnect_enabled"] = settings.PROCONNECT_ENABLED
        context["proconnect_failed"] = self.request.GET.get("proconnect") == "echec"
        return context


class LogoutView(auth_views.LogoutView):
    """Logs out of QIC, and of ProConnect too when the session came from there."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        if id_token and settings.PROCONNECT_ENABLED:
            return redirect(proconnect.end_session_url(request, id_token))
        return response


@method_decorator(rate_limited("password_reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Not form.save(): looking the address up and sending happen in a task, so that
        # a known address answers like an unknown one (accounts/services.py).
        password_reset_request(email=form.cleaned_data["email"])
        return redirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(rate_limited("public_form"), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, _("Votre mot de passe a été modifié."))
        return super().form_valid(form)


def _profile_page(request, *, form=None, token_form=None, new_token=None, status=200):
    context = {
        "form": form or ProfileForm(instance=request.user),
        "token_form": token_form or ApiTokenForm(),
        "tokens": request.user.api_tokens.all(),
        "new_token": new_token,
        "second_factor_available": second_factor.may_use_second_factor(request.user),
    }
    if context["second_factor_available"]:
        context["second_factor_enabled"] = second_factor.confirmed_device(request.user) is not None
    return render(request, "accounts/profile.html", context, status=status)


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil a été enregistré."))
        return redirect("accounts:profile")
    return _profile_page(request, form=form)


@require_POST
@never_cache
@idempotent_create(
    replay_message=gettext_lazy(
        "Ce jeton avait déjà été créé par un premier envoi du formulaire. Son secret "
        "n'est affiché qu'une fois : si vous ne l'avez pas copié, révoquez ce jeton et "
        "créez-en un autre."
    )
)
def api_token_create(request):
    """Create a personal API token and show its secret, once, in this very response."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form)
    token, raw = ApiToken.issue(
        user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
    )
    # 201 with the list's address: the same form sent again is sent there (the secret is
    # never kept, so it cannot be shown twice).
    response = _profile_page(request, new_token={"token": token, "secret": raw}, status=201)
    response["Location"] = reverse("accounts:profile") + "#jetons"
    return response


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    messages.success(
        request,
        _("Le jeton « %(name)s » est révoqué : il ne donne plus accès à l'API.")
        % {"name": token.name},
    )
    return redirect(reverse("accounts:profile") + "#jetons")


@login_not_required
@rate_limited("invitation_accept")
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept_view(request, token):
    try:
        invitation = Invitation.objects.get_by_token(token)
    except Invitation.DoesNotExist:
        invitation = None
    if invitation is None or not invitation.is_usable:
        return render(
            request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = invitation_accept(invitation=invitation, password=form.cleaned_data["new_password1"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Bienvenue ! Votre mot de passe est enregistré."))
        return redirect("home")
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def second_factor_verify(request):
    """After the password: the TOTP code, before any other page."""
    device = second_factor.confirmed_device(request.user)
    if device is None:
        if second_factor.must_set_up(request.user):
            return redirect("accounts:second_factor_setup")
        request.session[second_factor.SESSION_KEY] = False
        return redirect("home")
    form = SecondFactorCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("home")
        return redirect(next_url)
    return render(request, "accounts/second_factor_verify.html", {"form": form})


def second_factor_setup(request):
    """Turn the TOTP second factor on (QR code, then a first code) or off (a current code)."""
    if not second_factor.may_use_second_factor(request.user):
        raise PermissionDenied
    device = second_factor.confirmed_device(request.user)
    if device is not None:
        form = SecondFactorCodeForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            if second_factor.must_set_up(request.user):
                form.add_error(
                    None, _("La double authentification est obligatoire pour votre rôle.")
                )
            else:
                TOTPDevice.objects.filter(user=request.user).delete()
                request.session[second_factor.SESSION_KEY] = False
                messages.success(request, _("La double authentification est désactivée."))
                return redirect("accounts:profile")
        return render(request, "accounts/second_factor_setup.html", {"form": form, "enabled": True})
    pending, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Application d'authentification"}
    )
    form = SecondFactorCodeForm(request.POST or None, device=pending)
    if request.method == "POST" and form.is_valid():
        pending.confirmed = True
        pending.save(update_fields=["confirmed"])
        otp_login(request, pending)
        request.session[second_factor.SESSION_KEY] = True
        messages.success(request, _("La double authentification est activée."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "enabled": False,
        "qr_code": mark_safe(second_factor.qr_code_svg(pending)),
        "secret": b32encode(pending.bin_key).decode(),
    }
    return render(request, "accounts/second_factor_setup.html", context)

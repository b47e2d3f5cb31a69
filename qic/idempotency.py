"""Every write safe twice: a create form or an API POST sent again creates nothing more.

Four quick clicks on « Enregistrer », a browser that resends, a script that retries: the
same submission must give one row and the first answer, never a duplicate nor a 500.

- **Forms.** ``SubmissionTokenMixin`` adds a hidden ``submission_token`` field, a random
  value drawn when the form is shown. The view is decorated with ``@idempotent_create``:
  in one transaction it *claims* the pair (user, token + what was posted) by inserting a
  ``SubmissionClaim`` row under a unique constraint, runs the view, and keeps the claim
  with the answer's address when the view created (a redirect, or 201 for an HTMX
  fragment); a form sent back with errors releases it. A second post of the same form
  finds the claim — on PostgreSQL it waits on the unique index until the first commits —
  and is redirected to what the first created, with a French notice (HTMX: 204, nothing
  to swap). The claim covers what was posted too: a form reopened with « Précédent » and
  changed is a new submission, on purpose.
- **Races on a natural key** (one self-assessment per site and day, one open membership
  per person and cercle…): the view runs again once when the database refuses a row
  another request committed meanwhile; the second run's validation sees that row and
  answers with the form's French error instead of a 500.
- **API.** ``Idempotency-Key`` on any POST (``qic.api.viewsets.ApiViewMixin``): same key
  and same user → the stored status, body and ``Location`` with ``Idempotent-Replayed:
  true``; the same key with another request → 422.

Libraries looked at: django-idempotency-key (1.3, 2023) supports Django up to 4.2 only
and keeps its keys in memory or in the cache — Redis degrades here (``qic.cache``), so a
claim could be lost; drf-idempotency and the like are for DRF views alone. None knows
HTML forms nor the transaction that creates; a row claimed in that very transaction is
what makes the guarantee hold, and it is this small.
"""

import datetime
import functools
import hashlib
import json
import re
import secrets

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.http.request import RawPostDataException
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from qic.models import SubmissionClaim

TOKEN_FIELD = "submission_token"
CLAIM_LIFETIME = datetime.timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubmissionTokenMixin:
    """For a create form: a hidden one-time token, drawn when the form is shown and sent
    back as it was when the form comes back with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            return  # an edit form: saving it twice changes nothing more
        self.fields[TOKEN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial.setdefault(TOKEN_FIELD, new_token())


# --- claims -----------------------------------------------------------------------------


def fingerprint(*parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def claim(user, key: str, print_: str) -> tuple[SubmissionClaim, bool]:
    """Insert the claim of ``key`` for ``user``, or return the one already there.

    Call inside a transaction: the claim is released if it rolls back. On PostgreSQL a
    second request with the same key waits here until the first one commits or rolls
    back. Returns (claim, created).
    """
    try:
        with transaction.atomic():
            row = SubmissionClaim.objects.create(user=user, key=key, fingerprint=print_)
    except IntegrityError:
        return SubmissionClaim.objects.get(user=user, key=key), False
    return row, True


def claims_forget(now=None) -> int:
    """Delete the claims older than ``CLAIM_LIFETIME`` (by the daily retention job: an
    API answer kept for a replay may name people)."""
    now = now or timezone.now()
    deleted, _by_model = SubmissionClaim.objects.filter(
        created_at__lt=now - CLAIM_LIFETIME
    ).delete()
    return deleted


# --- forms ------------------------------------------------------------------------------


def _posted_token(request) -> str | None:
    for name, value in request.POST.items():
        if (name == TOKEN_FIELD or name.endswith(f"-{TOKEN_FIELD}")) and _TOKEN.match(value):
            return value
    return None


def _form_fingerprint(request) -> str:
    posted = sorted(
        (name, request.POST.getlist(name)) for name in request.POST if name != "csrfmiddlewaretoken"
    )
    files = sorted(
        (name, [(f.name, f.size) for f in request.FILES.getlist(name)]) for name in request.FILES
    )
    return fingerprint(request.path, json.dumps(posted), json.dumps(files))


def created(response) -> bool:
    """The view's answer says it created: a redirect, or 201 (an HTMX fragment)."""
    return response.status_code == 201 or 300 <= response.status_code < 400


def _replay(request, row: SubmissionClaim, message) -> HttpResponse:
    if getattr(request, "htmx", False) or not row.location:
        return HttpResponse(status=204)  # HTMX: the first answer is already on the page
    messages.info(
        request,
        message
        or _(
            "Ce formulaire avait déjà été envoyé : il n'a été enregistré qu'une fois, "
            "voici le résultat."
        ),
    )
    return redirect(row.location)


def _claimed_run(view, request, args, kwargs, token, message):
    with transaction.atomic():
        if token is not None:
            print_ = _form_fingerprint(request)
            row, fresh = claim(request.user, f"form:{token}:{print_[:32]}", print_)
            if not fresh:
                return _replay(request, row, message)
        response = view(request, *args, **kwargs)
        if token is not None:
            if created(response):
                row.status_code = response.status_code
                row.location = response.get("Location", "")[:2000]
                row.save(update_fields=["status_code", "location"])
            else:
                row.delete()  # errors shown: the corrected form may be sent again
        return response


def idempotent_create(view=None, *, replay_message=None):
    """Decorate a view that creates on POST (see the module's docstring).

    The view answers a creation with a redirect, or with 201 (an HTMX fragment, a page
    showing a secret once: then with a ``Location`` to send a second post to).
    ``replay_message``: what to tell the user instead of the usual notice.
    """
    if view is None:
        return functools.partial(idempotent_create, replay_message=replay_message)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        token = _posted_token(request)
        try:
            return _claimed_run(view, request, args, kwargs, token, replay_message)
        except IntegrityError:
            # Another request committed the same natural key meanwhile: run again, and
            # the form's validation now sees that row and says so in French.
            return _claimed_run(view, request, args, kwargs, token, replay_message)

    wrapper.idempotent_create = True
    return wrapper


# --- API --------------------------------------------------------------------------------

API_HEADER = "Idempotency-Key"
_API_KEY = re.compile(r"^[\x21-\x7e]{1,150}$")  # printable ASCII, no spaces


class ApiReplay(Exception):
    """Raised before the handler runs: answer with ``response``, the stored one."""

    def __init__(self, response):
        self.response = response


def api_claim(request, stack):
    """Claim the request's ``Idempotency-Key`` (a POST by a signed-in user), in a
    transaction entered on ``stack`` that lasts until the view has answered.

    Returns the claim to complete with ``api_record``, or None without a key. Raises
    ``ApiReplay`` with the first answer when the key was used for the same request, and a
    422 when it was used for another one.
    """
    key = request.headers.get(API_HEADER)
    if request.method != "POST" or key is None:
        return None
    if not _API_KEY.match(key):
        raise exceptions.ValidationError(
            {API_HEADER: [_("La clé d'idempotence doit faire 1 à 150 caractères imprimables.")]}
        )
    try:
        body = request._request.body
    except RawPostDataException:  # read already: never before the handler, but be safe
        body = json.dumps(request.data, sort_keys=True, default=str).encode()
    print_ = fingerprint(request.method, request.get_full_path(), body)
    stack.enter_context(transaction.atomic())
    row, fresh = claim(request.user, f"api:{key}", print_)
    if fresh:
        return row
    if row.fingerprint != print_:
        error = exceptions.APIException(
            _(
                "Cette clé d'idempotence a déjà servi pour une autre requête : "
                "choisissez-en une nouvelle pour chaque opération."
            ),
            code="idempotency_key_reused",
        )
        error.status_code = 422
        raise error
    headers = {"Idempotent-Replayed": "true"}
    if row.location:
        headers["Location"] = row.location
    data = json.loads(row.body) if row.body else None
    raise ApiReplay(Response(data, status=row.status_code, headers=headers))


def api_record(row, response) -> None:
    """Keep the answer of a success (2xx) with its claim. Otherwise roll the request's
    transaction back, claim included: the request may be sent again once corrected (and
    a database error caught on the way cannot leave the transaction unusable here)."""
    if 200 <= response.status_code < 300:
        row.status_code = response.status_code
        row.location = response.get("Location", "")[:2000]
        data = getattr(response, "data", None)
        row.body = "" if data is None else json.dumps(data, cls=JSONEncoder)
        row.save(update_fields=["status_code", "location", "body"])
    else:
        transaction.set_rollback(True)

"""One-click answers from the e-mails: no login, the signed link authorises."""

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cercles import answer_links, services
from cercles.enums import AnswerValue, ReplyAnswer
from qic.ratelimit import rate_limited


@login_not_required
@rate_limited("public_form")
@never_cache
@require_http_methods(["GET", "POST"])
def proposal_answer_link(request, token):
    """GET shows what the link answers and a button (mail scanners open links: a GET
    changes nothing); POST records it as the member's. A wrong, used or expired link,
    or a proposal closed since, changes nothing and says why."""
    try:
        link = answer_links.read_token(token)
    except signing.SignatureExpired:
        return _refused(request, "expire")
    except answer_links.LinkUsed:
        return _refused(request, "utilise")
    except signing.BadSignature:
        return _refused(request, "invalide")
    context = {
        "proposal": link.proposal,
        "member": link.member,
        "value": link.value,
        "label": AnswerValue(link.value).label,
        "errors": [],
    }
    if not link.proposal.accepts_answers():
        return _refused(request, "close", link.proposal)
    if request.method == "POST":
        try:
            services.proposal_answer(proposal=link.proposal, member=link.member, value=link.value)
        except ValidationError as exc:
            context["errors"] = exc.messages
            return render(request, "cercles/answer_link.html", context, status=400)
        return render(request, "cercles/answer_link_done.html", context)
    return render(request, "cercles/answer_link.html", context)


def _refused(request, reason, proposal=None):
    return render(
        request,
        "cercles/answer_link_invalid.html",
        {"reason": reason, "proposal": proposal},
        status=400,
    )


@login_not_required
@rate_limited("public_form")
@never_cache
@require_http_methods(["GET", "POST"])
def meeting_reply_link(request, token):
    """A member's reply to a meeting from its reminder e-mail: GET shows it, POST
    records it; a wrong or expired link, or a meeting started since, changes nothing."""
    try:
        link = answer_links.read_reply_token(token)
    except signing.SignatureExpired:
        return _refused(request, "expire")
    except signing.BadSignature:
        return _refused(request, "invalide")
    context = {
        "meeting": link.meeting,
        "member": link.member,
        "label": ReplyAnswer(link.answer).label,
        "errors": [],
    }
    if request.method == "POST":
        try:
            services.meeting_reply(meeting=link.meeting, member=link.member, answer=link.answer)
        except ValidationError as exc:
            context["errors"] = exc.messages
            return render(request, "cercles/reply_link.html", context, status=400)
        context["done"] = True
        return render(request, "cercles/reply_link.html", context)
    context["done"] = False
    return render(request, "cercles/reply_link.html", context)

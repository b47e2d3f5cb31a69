"""A meeting: planning it, and recording on one page what happened (attendance, minutes,
decisions, commitments, documents); preparing the next one from it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from cercles import perms, services
from cercles.enums import CommitmentStatus, MeetingStatus, ReplyAnswer
from cercles.forms import (
    AgendaItemFormSet,
    AttendanceForm,
    CommitmentForm,
    DecisionForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    PrepareNextForm,
    save_agenda,
)
from cercles.models import Cercle, CercleMember, Commitment, Decision, Meeting
from cercles.rendering import render_markdown
from cercles.scheduling import same_weekday_next_month
from qic.concurrency import save_unless_changed
from qic.history import history_for
from qic.idempotency import idempotent_create
from quartiers import events as site_events
from quartiers.perms import get_object_or_deny
from quartiers.querysets import CHANGE, VIEW


def _meeting(request, pk, action=VIEW) -> Meeting:
    return get_object_or_deny(
        request.user, Meeting.objects.select_related("cercle__site"), action, pk=pk
    )


@idempotent_create
def meeting_create(request, pk):
    cercle = get_object_or_deny(request.user, Cercle.objects.select_related("site"), CHANGE, pk=pk)
    initial = {}
    last = Meeting.objects.filter(cercle=cercle).order_by("-starts_at").first()
    if last:
        start, end = timezone.localtime(last.starts_at), timezone.localtime(last.ends_at)
        initial = {
            "date": same_weekday_next_month(start.date()),
            "start_time": start.time(),
            "end_time": end.time(),
            "place": last.place,
            "video_url": last.video_url,
        }
    form = MeetingForm(request.POST or None, initial=initial)
    formset = AgendaItemFormSet(
        request.POST or None, instance=Meeting(cercle=cercle), prefix="agenda"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            meeting = services.meeting_create(
                cercle=cercle,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                place=form.cleaned_data["place"],
                video_url=form.cleaned_data["video_url"],
                author=request.user,
            )
            save_agenda(formset, meeting)
        messages.success(request, _("La réunion a été planifiée."))
        return redirect(meeting)
    context = {"form": form, "formset": formset, "cercle": cercle, "meeting": None}
    return render(request, "cercles/meeting_form.html", context)


def meeting_edit(request, pk):
    meeting = _meeting(request, pk, CHANGE)
    form = MeetingForm(request.POST or None, instance=meeting)
    formset = AgendaItemFormSet(request.POST or None, instance=meeting, prefix="agenda")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic(), site_events.acting(request.user):  # held: its event
            form.save()
            save_agenda(formset, meeting)
        messages.success(request, _("La réunion a été enregistrée."))
        return redirect(meeting)
    context = {"form": form, "formset": formset, "cercle": meeting.cercle, "meeting": meeting}
    return render(request, "cercles/meeting_form.html", context)


def _members(meeting):
    """(members at the meeting's date, members today) of the meeting's cercle, one query."""
    memberships = list(
        CercleMember.objects.filter(cercle=meeting.cercle_id)
        .select_related("personne__structure")
        .ordered()
    )
    on = meeting.local_date
    return (
        [m for m in memberships if m.is_current(on)],
        [m for m in memberships if m.is_current()],
    )


def _commitments(meeting):
    return (
        Commitment.objects.filter(meeting=meeting)
        .with_lateness()
        .select_related("owner", "action")
        .order_by("-late", "due_on", "pk")
    )


def _replies(meeting, at_meeting, user):
    """Expected attendance before the meeting: each member's reply, the counts, and the
    reader's own membership and reply (no query beyond the replies)."""
    held = meeting.is_held  # then the page sums up what happened instead
    replies = {} if held else {r.member_id: r.answer for r in meeting.replies.all()}
    counts = [
        (answer.label, sum(1 for value in replies.values() if value == answer))
        for answer in ReplyAnswer
    ]
    own = next((m for m in at_meeting if perms.is_own(m, user)), None)
    return {
        "reply_rows": [(m, replies.get(m.pk)) for m in at_meeting],
        "reply_counts": counts,
        "no_reply": sum(1 for m in at_meeting if m.pk not in replies),
        "own_member": own,
        "own_reply": replies.get(own.pk) if own is not None else None,
        "reply_choices": ReplyAnswer.choices,
        "can_reply": own is not None
        and meeting.status == MeetingStatus.PREVUE
        and meeting.starts_at > timezone.now(),
    }


def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    can_change = perms.can_manage_cercles(request.user, meeting.cercle.site)
    at_meeting, today = _members(meeting)
    attendance = {a.member_id: a.status for a in meeting.attendances.all()}
    attendance_rows = [(m, attendance.get(m.pk)) for m in at_meeting]
    decisions = list(meeting.decisions.all())
    commitments = list(_commitments(meeting))
    # What is recorded once a meeting has begun (attendance, minutes, decisions,
    # commitments) is offered neither before it nor when it was cancelled.
    records_open = can_change and not (meeting.is_ahead or meeting.is_cancelled)
    context = {
        "meeting": meeting,
        "cercle": meeting.cercle,
        "site": meeting.cercle.site,
        "can_change": can_change,
        "records_open": records_open,
        "agenda": meeting.agenda_items.all(),
        "attendance_rows": attendance_rows,
        "minutes_html": render_markdown(meeting.minutes),
        "decisions": decisions,
        "commitments": commitments,
        "summary": services.meeting_summary(meeting, attendance_rows, decisions, commitments)
        if meeting.is_held
        else None,
        **_replies(meeting, at_meeting, request.user),
        "documents": meeting.documents.select_related("uploaded_by"),
        "history": history_for(meeting),
    }
    if can_change:
        context["document_form"] = DocumentForm()
    if records_open:
        context.update(
            {
                "attendance_form": AttendanceForm(members=at_meeting, current=attendance),
                "minutes_form": MinutesForm(instance=meeting),
                "decision_form": DecisionForm(),
                "commitment_form": CommitmentForm(
                    cercle=meeting.cercle, owners=[m.personne for m in today]
                ),
            }
        )
    return render(request, "cercles/meeting_detail.html", context)


@require_POST
def meeting_reply(request, pk):
    """A member of the cercle says whether they will come."""
    meeting = _meeting(request, pk)
    member = perms.member_of(request.user, meeting.cercle)
    if member is None:
        raise PermissionDenied
    try:
        services.meeting_reply(meeting=meeting, member=member, answer=request.POST.get("answer"))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Votre réponse est enregistrée."))
    return redirect(f"{meeting.get_absolute_url()}#qui-vient")


def attendance_record(request, pk):
    meeting = _meeting(request, pk, CHANGE)
    at_meeting, _today = _members(meeting)
    current = {a.member_id: a.status for a in meeting.attendances.all()}
    form = AttendanceForm(request.POST or None, members=at_meeting, current=current)
    if request.method == "POST" and form.is_valid():
        services.attendance_record(meeting=meeting, statuses=form.statuses(), author=request.user)
        messages.success(request, _("Les présences ont été enregistrées."))
        return redirect(f"{meeting.get_absolute_url()}#presences")
    return render(request, "cercles/attendance_form.html", {"form": form, "meeting": meeting})


def minutes_edit(request, pk):
    meeting = _meeting(request, pk, CHANGE)
    form = MinutesForm(request.POST or None, instance=meeting)
    conflict = None
    if request.method == "POST" and form.is_valid():
        conflict = save_unless_changed(
            form,
            lambda: services.minutes_record(
                meeting=meeting, minutes=form.cleaned_data["minutes"], author=request.user
            ),
        )
        if conflict is None:
            messages.success(request, _("Le compte rendu a été enregistré."))
            return redirect(f"{meeting.get_absolute_url()}#compte-rendu")
    context = {
        "form": form,
        "meeting": meeting,
        "minutes_html": render_markdown(meeting.minutes),
        "conflict": conflict,
    }
    return render(request, "cercles/minutes_form.html", context)


def _inline_add(request, meeting, form, fresh, *, name, row_template, form_template, page_template):
    """The pattern of the small inline forms of the meeting page.

    With HTMX the form replaces itself: a fresh one plus the new row (sent out of band
    to the end of the table), or itself with its errors. Without JavaScript: back to
    the meeting page, or the form alone on its own page with its errors.
    """
    context = {"meeting": meeting, "form": form, "can_change": True, "vue": "reunion"}
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.meeting = meeting
        obj.created_by = request.user
        obj.save()
        if request.htmx:
            context.update({name: obj, "form": fresh()})
            # 201: created (qic.idempotency keeps the claim); htmx swaps it like a 200.
            return render(request, row_template, context, status=201)
        messages.success(request, _("C'est enregistré."))
        return redirect(f"{meeting.get_absolute_url()}#{name}s")
    if request.method == "POST" and request.htmx:
        return render(request, form_template, context)
    return render(request, page_template, context)


@vary_on_headers("HX-Request")
@idempotent_create
def decision_add(request, pk):
    meeting = _meeting(request, pk, CHANGE)
    return _inline_add(
        request,
        meeting,
        DecisionForm(request.POST or None),
        DecisionForm,
        name="decision",
        row_template="cercles/includes/decision_added.html",
        form_template="cercles/includes/decision_form.html",
        page_template="cercles/decision_form.html",
    )


@vary_on_headers("HX-Request")
@idempotent_create
def commitment_add(request, pk):
    meeting = _meeting(request, pk, CHANGE)
    return _inline_add(
        request,
        meeting,
        CommitmentForm(request.POST or None, cercle=meeting.cercle),
        lambda: CommitmentForm(cercle=meeting.cercle),
        name="commitment",
        row_template="cercles/includes/commitment_added.html",
        form_template="cercles/includes/commitment_form.html",
        page_template="cercles/commitment_form.html",
    )


def decision_edit(request, pk):
    decision = get_object_or_deny(
        request.user, Decision.objects.select_related("meeting__cercle__site"), CHANGE, pk=pk
    )
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("La décision a été enregistrée."))
        return redirect(f"{decision.meeting.get_absolute_url()}#decisions")
    context = {"form": form, "meeting": decision.meeting, "decision": decision}
    return render(request, "cercles/decision_form.html", context)


def commitment_edit(request, pk):
    commitment = get_object_or_deny(
        request.user, Commitment.objects.select_related("meeting__cercle__site"), CHANGE, pk=pk
    )
    form = CommitmentForm(
        request.POST or None, instance=commitment, cercle=commitment.meeting.cercle
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'engagement a été enregistré."))
        return redirect(f"{commitment.meeting.get_absolute_url()}#commitments")
    context = {"form": form, "meeting": commitment.meeting, "commitment": commitment}
    return render(request, "cercles/commitment_form.html", context)


# Where a commitment row is shown: the columns differ, and so does the way back.
_VIEWS = {"reunion", "cercle", "mes"}


@require_POST
@vary_on_headers("HX-Request")
def commitment_status(request, pk, status):
    commitment = get_object_or_deny(
        request.user,
        Commitment.objects.select_related("meeting__cercle__site", "owner"),
        CHANGE,
        pk=pk,
    )
    if status not in CommitmentStatus.values:
        messages.error(request, _("Statut d'engagement inconnu."))
        return redirect(commitment.meeting)
    services.commitment_set_status(commitment=commitment, status=status, author=request.user)
    vue = request.GET.get("vue", "reunion")
    vue = vue if vue in _VIEWS else "reunion"
    if request.htmx:
        context = {"commitment": commitment, "can_change": True, "vue": vue}
        return render(request, "cercles/includes/commitment_row.html", context)
    messages.success(
        request,
        _("Engagement « %(text)s » : %(status)s.")
        % {"text": commitment, "status": commitment.get_status_display()},
    )
    if vue == "mes":
        return redirect("cercles:my_commitments")
    if vue == "cercle":
        return redirect(commitment.meeting.cercle)
    return redirect(f"{commitment.meeting.get_absolute_url()}#commitments")


@idempotent_create
def meeting_prepare_next(request, pk):
    meeting = _meeting(request, pk, CHANGE)
    proposal = services.next_meeting_proposal(meeting)
    form = PrepareNextForm(request.POST or None, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen_commitments = {c.pk for c in data["commitments"]}
        chosen_decisions = {d.pk for d in data["decisions"]}
        agenda = [
            services.commitment_agenda_line(c)
            for c in proposal.commitments
            if c.pk in chosen_commitments
        ]
        agenda += [
            services.decision_agenda_line(d) for d in proposal.decisions if d.pk in chosen_decisions
        ]
        agenda += [services.AgendaLine(title=line) for line in form.other_lines()]
        new = services.meeting_create(
            cercle=meeting.cercle,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data["place"],
            video_url=data["video_url"],
            agenda=agenda,
            author=request.user,
        )
        messages.success(
            request,
            _("La réunion n° %(n)s est planifiée, avec %(count)s points à l'ordre du jour.")
            % {"n": new.sequence, "count": len(agenda)},
        )
        return redirect(new)
    context = {"form": form, "meeting": meeting, "cercle": meeting.cercle, "proposal": proposal}
    return render(request, "cercles/meeting_prepare.html", context)

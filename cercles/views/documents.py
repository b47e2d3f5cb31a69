"""Documents attached to a meeting: upload (checked by content), download (checked by
access), removal. Files live under MEDIA_ROOT with random names and no public URL."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercles import services
from cercles.documents import attachment_response
from cercles.forms import DocumentForm
from cercles.models import Meeting, MeetingDocument
from qic.idempotency import idempotent_create
from quartiers.perms import get_object_or_deny
from quartiers.querysets import CHANGE


@idempotent_create
def document_upload(request, pk):
    meeting = get_object_or_deny(
        request.user, Meeting.objects.select_related("cercle__site"), CHANGE, pk=pk
    )
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = services.document_attach(
            meeting=meeting,
            upload=form.cleaned_data["file"],
            doctype=form.doctype,
            author=request.user,
        )
        messages.success(
            request, _("Le document « %(name)s » a été ajouté.") % {"name": document.original_name}
        )
        return redirect(f"{meeting.get_absolute_url()}#documents")
    return render(request, "cercles/document_form.html", {"form": form, "meeting": meeting})


def document_download(request, pk):
    document = get_object_or_deny(request.user, MeetingDocument.objects.all(), pk=pk)
    return attachment_response(document)


@require_POST
def document_delete(request, pk):
    document = get_object_or_deny(
        request.user, MeetingDocument.objects.select_related("meeting"), CHANGE, pk=pk
    )
    meeting = document.meeting
    services.document_delete(document=document)
    messages.success(
        request, _("Le document « %(name)s » a été retiré.") % {"name": document.original_name}
    )
    return redirect(f"{meeting.get_absolute_url()}#documents")

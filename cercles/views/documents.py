"""Documents attached to a meeting: upload (checked by content), download (checked by
access), removal, and the « Documents » section of a site's workspace. Files live under MEDIA_ROOT with random names and no public URL."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from cercles import services
from cercles.documents import attachment_response
from cercles.filters import DocumentFilterForm
from cercles.forms import DocumentForm
from cercles.models import Meeting, MeetingDocument
from cercles.views.common import get_site
from qic.htmx import paginate, render_page_or_fragment
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


PER_PAGE = 30


@vary_on_headers("HX-Request")
def site_documents(request, pk):
    """Every document of the site's meetings, newest first, of one cercle or of all."""
    site = get_site(request, pk)
    form = DocumentFilterForm(request.GET or None, site=site)
    documents = form.filter(
        MeetingDocument.objects.for_user(request.user)
        .filter(meeting__cercle__site=site)
        .select_related("meeting__cercle", "uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )
    context = {"site": site, "form": form, "page_obj": paginate(request, documents, PER_PAGE)}
    return render_page_or_fragment(request, "cercles/site_documents.html", context)

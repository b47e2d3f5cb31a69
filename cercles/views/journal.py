"""The site journal: what happened on a site, newest first, filterable by kind."""

from django.views.decorators.vary import vary_on_headers

from cercles.filters import JournalFilterForm
from cercles.journal import journal_entries, journal_page
from cercles.views.common import get_site
from qic.htmx import render_page_or_fragment

PER_PAGE = 30


@vary_on_headers("HX-Request")
def site_journal(request, pk):
    site = get_site(request, pk)
    form = JournalFilterForm(request.GET or None)
    page = journal_page(site.pk, form.kinds(), request.GET.get("page"), per_page=PER_PAGE)
    context = {
        "site": site,
        "form": form,
        "page_obj": page,
        "entries": journal_entries(page.object_list),
    }
    return render_page_or_fragment(request, "cercles/journal.html", context)

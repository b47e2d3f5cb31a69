"""The benchmark's two reference pages, served only when the ``BENCH_BASELINE`` setting
is on (``make bench`` turns it on). Never in production.

- ``baseline``: a signed-in page that does no work of its own. It goes through the whole
  middleware stack (session, user, CSRF, OTP, login required, change-journal context…),
  so that every page's throughput can be read as a share of what the stack allows.
- ``bare``: the same do-nothing view with no middleware and no database, served by
  ``bench.wsgi`` through a Django handler built without middleware: what Django itself
  allows on this machine, the physical limit every page is also read against.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


def baseline(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_not_required  # in case it is ever reached through the project's stack
def bare(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")

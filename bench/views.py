"""The benchmark's baseline: a signed-in page that does no work of its own.

It goes through the whole middleware stack (session, user, CSRF, OTP, login required,
change-journal context…), so that every page's throughput can be read as a share of
what the stack alone allows on the same machine, in the same run.
Served only when the ``BENCH_BASELINE`` setting is on (``make bench`` turns it on).
"""

from django.http import HttpResponse


def baseline(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")

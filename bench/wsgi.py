"""The WSGI application ``make bench`` serves: the project's (``qic.wsgi``), except for
the bare reference page, answered by Django's own handler built with no middleware.

One gunicorn, one process per worker, one URLconf: the bare view and the pages are
measured side by side, and the difference is the middleware stack and the pages' work.
"""

from django.core.handlers.wsgi import WSGIHandler
from django.test.utils import override_settings
from django.urls import reverse

from qic.wsgi import application as project

with override_settings(MIDDLEWARE=[]):
    bare = WSGIHandler()  # reads MIDDLEWARE once, here: no middleware for its lifetime

BARE_PATH = reverse("bench_bare")


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        return bare(environ, start_response)
    return project(environ, start_response)

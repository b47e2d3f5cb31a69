"""Tags for the page chrome (templates/layout/), which every HTML page renders."""

import functools

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@functools.lru_cache(maxsize=64)
def _reverse_once(name, urlconf, script_prefix):
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def layout_url(name):
    """``{% url name %}`` for a URL without arguments, reversed once per process (the
    URLconf and the script prefix, part of the cache key, do not change while it runs).
    """
    return _reverse_once(name, get_urlconf(), get_script_prefix())

"""HTTP caching of the public pages and the API: one rendering per data version and language.

The public pages show nothing of the person asking (no name, no CSRF token), so one copy
serves everyone. The key is the data version (menaprogram/data_version.py), the day (the
embargo moves with the calendar), the language (not for the API, which speaks one) and the
whole address, host included (the feed, the sitemap and the API write absolute links); the ETag
is the key's digest, so a browser or a proxy revalidates with one query and gets 304 when
nothing changed. The job worker fills the same keys ahead (public/ahead.py).
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from menaprogram import data_version

# Proxies may keep a page this long before asking again (with the ETag).
MAX_AGE = 60
# A backstop: even if a write escaped the data version, a cached page lives this long.
CACHE_SECONDS = 600


# Set in the WSGI environ of a page rendered ahead (public/ahead.py): no HTTP header can set a
# key without the HTTP_ prefix, so a visitor cannot pass for it.
RENDERING_AHEAD = "menaprogram.rendering_ahead"

# The last settled data version this process read, and until when (time.monotonic) it stands;
# one for the pages that show the budget, one for those that do not.
_settled = {}

# The data the pages that declare reads_budget=False never show.
BUDGET = ("budget",)


def public_version(reads_budget=True):
    """The data version, a settled one trusted for settings.PUBLIC_VERSION_SECONDS.

    Reading it is one query, but one PostgreSQL plans afresh every time (a subquery per audit
    table): most of the cost of a page served from the cache (bench/public_load.py). A page a
    second or two behind a write is well inside what the public side promises anyway: proxies
    may keep a page MAX_AGE seconds. The staff's pages read the version afresh every time.

    reads_budget=False leaves out the budget's data: an expense entered does not make the
    events' and partners' pages new (nor render them ahead again, public/ahead.py).
    """
    seconds = settings.PUBLIC_VERSION_SECONDS
    version, until = _settled.get(reads_budget, (None, 0.0))
    now = time.monotonic()
    if seconds and version is not None and now < until:
        return version
    version = data_version.current(leaving_out=() if reads_budget else BUDGET)
    if seconds and version is not None:
        _settled[reads_budget] = (version, now + seconds)
    return version


def _headers(response, etag):
    if etag:
        response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page(view=None, *, by_language=True, reads_budget=True):
    """Serve `view` from the shared cache, with an ETag and a Cache-Control proxies can use.

    by_language=False for answers that do not change with the language (the API's JSON);
    reads_budget=False for those that show nothing of the budget (public/tests/test_pages.py
    proves it of each).
    """
    if view is None:
        return functools.partial(public_page, by_language=by_language, reads_budget=reads_budget)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = public_version(reads_budget)
        if version is None:
            response = view(request, *args, **kwargs)
            return _headers(response, None) if response.status_code == 200 else response
        key = ":".join(
            (
                "public",
                version,
                timezone.localdate().isoformat(),
                get_language() if by_language else "",
                request.build_absolute_uri(),
            )
        )
        etag = '"' + hashlib.md5(key.encode(), usedforsecurity=False).hexdigest() + '"'
        if etag in request.headers.get("If-None-Match", ""):
            return _headers(HttpResponseNotModified(), etag)
        cached = cache.get(key)
        if cached is not None:
            status, content_type, content = cached
            response = HttpResponse(content, content_type=content_type, status=status)
            return _headers(response, etag)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(
                key,
                (response.status_code, response["Content-Type"], response.content),
                CACHE_SECONDS,
            )
            return _headers(response, etag)
        return response

    wrapped.reads_budget = reads_budget
    return wrapped

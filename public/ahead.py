"""The public site rendered before anyone asks: after data changes, the job worker renders the
public pages and the API into the shared cache, so that a visitor's first request for a page
finds it made.

A page costs 10–70 ms of CPU to render and one cache lookup to serve (bench/public_load.py).
Residents, crawlers and scripts ask for thousands of different pages (every event, in two
languages, and its API entry), so without this most of their first visits after a change wait
for a rendering, on the machine where the staff work.

Each page is rendered by a request through the whole middleware, as a visitor's would be (the
language from its cookie, the address of SITE_URL), and public/cache.py keeps it under the key
a visitor's request for it will look up: the data version, the day, the language, the address.
What the cache holds already is not rendered again, so a run after a change renders what the
change made new; a run with nothing changed reads one data version and stops.

Only a cache shared with the web servers (Redis, REDIS_URL) makes this worth doing: with the
default in-memory cache each process has its own, and the worker's would be the only one warmed.
"""

import io
import logging
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.urls import resolve, reverse

from activities.models import Direction
from menaprogram.yielding import give_way, yielding_cpu
from public import cache, rules, selectors
from public.api import EVENTS_PER_PAGE as API_EVENTS_PER_PAGE
from public.views import EVENTS_PER_PAGE

logger = logging.getLogger("menaprogram.public")

# The data versions the last complete run rendered (one with the budget, one without): the
# next run with the same stops at once.
DONE_KEY = "public:ahead:done"


def page_urls():
    """The public pages a visitor can reach by links or from the sitemap: every event and
    partner, each page of the event list and the first page of each of its filters."""
    program = selectors.public_program()
    yield reverse("home")
    yield reverse("public:home")
    yield reverse("public:program")
    yield reverse("public:documents")
    yield reverse("public:partner-list")
    yield reverse("public:feed")
    yield reverse("public:sitemap")
    if program is not None:
        for year in program.years:
            yield reverse("public:execution", args=[year])
    yield from _events_and_partners("public", EVENTS_PER_PAGE, program)


def api_urls():
    """The API's answers without parameters, each year's, each page of the event list at the
    default size, every event and every partner."""
    program = selectors.public_program()
    for name in ("program-detail", "year-list", "category-list", "direction-list"):
        yield reverse(f"api:{name}")
        if program is not None and name in ("category-list", "direction-list"):
            for year in program.years:
                yield f"{reverse(f'api:{name}')}?year={year}"
    yield reverse("api:document-list")
    yield reverse("api:partner-list")
    yield from _events_and_partners("api", API_EVENTS_PER_PAGE, program)


def _events_and_partners(namespace, per_page, program):
    """Of the pages (`public`) or the API (`api`): each page of the event list, the first
    page of each of its filters, every event and every partner."""
    events = rules.visible_events()
    event_list = reverse(f"{namespace}:event-list")
    yield event_list
    for page in range(2, -(-events.count() // per_page) + 1):
        yield f"{event_list}?page={page}"
    for name, value in _event_filters(program, events):
        yield f"{event_list}?{urlencode({name: value})}"
    for pk in events.order_by("pk").values_list("pk", flat=True):
        yield reverse(f"{namespace}:event-detail", args=[pk])
    for pk in rules.visible_partners().order_by("pk").values_list("pk", flat=True):
        yield reverse(f"{namespace}:partner-detail", args=[pk])


def _event_filters(program, events):
    years = sorted({year for p in rules.public_programs() for year in p.years})
    yield from (("year", year) for year in years)
    yield from (("kind", kind) for kind in sorted(set(events.values_list("kind", flat=True))))
    countries = events.exclude(country="").values_list("country", flat=True).distinct()
    yield from (("country", code) for code in sorted(set(countries)))
    if program is not None:
        numbers = Direction.objects.filter(program=program).values_list("number", flat=True)
        yield from (("direction", number) for number in sorted(numbers))


def render_ahead(force=False):
    """Render what the shared cache lacks of the public side; returns how many pages were
    asked for (0 when nothing changed since the last complete run, or a write is unsettled).

    The pages that show the budget and those that do not have their own data versions
    (public/cache.py): after an expense only the first are looked at again.
    """
    versions = {reads: cache.public_version(reads) for reads in (True, False)}
    if None in versions.values():
        return 0
    due = {
        reads
        for reads, version in versions.items()
        if force or shared_cache.get(f"{DONE_KEY}:{reads}") != version
    }
    if not due:
        return 0
    handler = BaseHandler()
    handler.load_middleware()
    # What to render, read once: the pages in each language, the API in its one.
    pages = [url for url in page_urls() if _reads_budget(url) in due]
    wanted = [(url, language) for language, _name in settings.LANGUAGES for url in pages]
    wanted += [(url, settings.LANGUAGE_CODE) for url in api_urls() if _reads_budget(url) in due]
    with yielding_cpu():
        for url, language in wanted:
            give_way()
            _render(handler, url, language)
    for reads in due:
        shared_cache.set(f"{DONE_KEY}:{reads}", versions[reads], None)
    return len(wanted)


def _reads_budget(url):
    # `/` is no public page of its own: it hands a visitor the public home.
    return getattr(resolve(url.partition("?")[0]).func, "reads_budget", True)


def _render(handler, url, language):
    # Not response.close(): it would tell Django the request is over, which closes the
    # worker's database connection (and all that follow would open a new one).
    response = handler.get_response(WSGIRequest(_environ(url, language)))
    if response.status_code not in (200, 302):
        logger.warning("Rendering %s ahead answered %s", url, response.status_code)


def _environ(url, language):
    """A visitor's GET of `url` at SITE_URL's address, in `language` (the switch's cookie)."""
    site = urlsplit(settings.SITE_URL)
    path, _, query = url.partition("?")
    https = site.scheme == "https"
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": site.hostname or "localhost",
        "SERVER_PORT": str(site.port or (443 if https else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": site.netloc,
        # As the TLS proxy in front says it (SECURE_PROXY_SSL_HEADER in production).
        "HTTP_X_FORWARDED_PROTO": site.scheme,
        "HTTP_COOKIE": f"{settings.LANGUAGE_COOKIE_NAME}={language}",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": site.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        cache.RENDERING_AHEAD: True,
    }

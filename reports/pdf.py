"""PDFs with WeasyPrint that fetch nothing but the project's own static files."""

import datetime
import functools
import hashlib
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from menaprogram import data_version
from reports.docx import html_to_docx

# Relative links in the HTML resolve against this made-up origin; the fetcher below maps it
# onto the static files on disk, so rendering never depends on a running web server.
BASE_URL = "http://menaprogram.local/"


class LocalStaticFetcher(URLFetcher):
    """Serves /static/… from the static files finders and refuses every other URL.

    User-typed text is escaped by the templates, but a document must not be able to make the
    server fetch anything (an image pointing at an internal address, a file:// path).
    """

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
            raise ValueError(f"Only the project's static files are fetched: {url}")
        relative = unquote(parts.path.removeprefix(prefix))
        path = _static_file(relative) if ".." not in relative.split("/") else None
        if not path:
            raise ValueError(f"No such static file: {url}")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as file:
            body = file.read()
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def _static_file(relative):
    """The file behind a static path: from the finders (development) or, for the hashed
    names `{% static %}` gives in production, from the collected files."""
    found = finders.find(relative)
    if found:
        return found
    try:
        collected = Path(staticfiles_storage.path(relative))
    except NotImplementedError:
        return None
    return str(collected) if collected.is_file() else None


# One PDF at a time in a process: gunicorn runs threads, and Pango and fontconfig underneath
# WeasyPrint have crashed under concurrent use on some systems. Rendering is CPU work under
# the GIL, so two at once in one process would not be faster anyway.
_one_at_a_time = threading.Lock()


def html_to_pdf(html):
    """The PDF bytes of `html` (what the benchmark times as WeasyPrint's part)."""
    with _one_at_a_time:
        font_config = FontConfiguration()
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalStaticFetcher())
        return document.write_pdf(font_config=font_config)


def render_pdf(template_name, context, request=None):
    """The PDF of the template, made again only when its HTML has changed.

    A page of HTML takes milliseconds, its PDF up to seconds; and the same documents are
    downloaded again and again before a council session. The key is the HTML itself, so
    a PDF can never be older than the data it shows.
    """
    html = render_to_string(template_name, context, request=request)
    key = "pdf:" + hashlib.sha256(html.encode()).hexdigest()
    documents = caches["documents"]
    pdf = documents.get(key)
    if pdf is None:
        pdf = html_to_pdf(html)
        documents.set(key, pdf)
    return pdf


@functools.cache
def _code_version():
    """What else a document depends on: its templates, its style sheet and the translations.

    Read once per process: a deploy restarts the workers, and a changed template must not be
    answered with a file made by the old one from a cache shared with other servers."""
    root = Path(settings.BASE_DIR)
    files = sorted(
        [
            *(root / "templates" / "reports" / "documents").rglob("*.html"),
            root / "static" / "css" / "print.css",
            *(root / "locale").rglob("*.mo"),
        ]
    )
    stamp = "".join(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns};" for path in files)
    return hashlib.sha256(stamp.encode()).hexdigest()[:16]


def finished_document(document_id, program, year, language, extension, make):
    """A document's file, from the shared cache if nothing it shows has changed since it was made.

    The key is the data version (menaprogram/data_version.py: one query that changes with
    every committed write), the day (agreements expire by the calendar) and the code version,
    so a click on «PDF» with unchanged data neither builds the context nor renders any HTML;
    `make()` builds the file otherwise. While a write is in flight there is no version, and
    the file is made (and cached by its HTML, see render_pdf) as before.
    """
    version = data_version.current()
    if version is None:
        return make()
    key = ":".join(
        map(
            str,
            (
                "document",
                document_id,
                extension,
                program.pk,
                year,
                language or translation.get_language(),
                datetime.date.today().isoformat(),
                version,
                _code_version(),
            ),
        )
    )
    documents = caches["documents"]
    content = documents.get(key)
    if content is None:
        content = make()
        documents.set(key, content)
    return content


def render_docx(template_name, context, request=None):
    """The DOCX of the PDF template: the same HTML, walked into Word paragraphs and tables."""
    html = render_to_string(template_name, context, request=request)
    key = "docx:" + hashlib.sha256(html.encode()).hexdigest()
    documents = caches["documents"]
    content = documents.get(key)
    if content is None:
        content = html_to_docx(html, page_label=_("Page"), of_label=_("of"))
        documents.set(key, content)
    return content

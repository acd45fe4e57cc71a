"""Documents made before anyone asks: after data changes, the worker renders the documents a
session is likely to want, so that the click on «PDF» finds them in the cache.

The cache is keyed by the data version (reports/pdf.py `finished_document`), so a run with
nothing changed renders nothing, and a document made here is the very one a request would
have made. With `REDIS_URL` the web servers read what the worker made; with the default
in-memory cache each process has its own, and this only warms the worker's.
"""

from django.conf import settings
from django.utils import timezone, translation

from activities.models import Program
from reports import documents
from reports.pdf import finished_document, render_docx, render_pdf

# The documents, and the years of each, rendered ahead: what a session asks for.
AHEAD = ("passport", "annual-report", "final-report")


def wanted(program, today):
    """(document, year) pairs for `program`: the passport, the final report, and the annual
    report of the current year and the one before (both within the term)."""
    years = [year for year in (today.year - 1, today.year) if year in program.years]
    for document_id in AHEAD:
        document = documents.REGISTRY[document_id]
        if "<int:year>" in document.route:
            for year in years:
                yield document, year
        else:
            yield document, None


def render_ahead(today=None):
    """Render each wanted document of the programs in force, PDF and DOCX; returns how many
    were looked at (the cache answers for those that did not change)."""
    today = today or timezone.localdate()
    count = 0
    programs = Program.objects.exclude(status=Program.Status.COMPLETED)
    with translation.override(settings.LANGUAGE_CODE):
        for program in programs:
            for document, year in wanted(program, today):
                _render(document, program, year)
                count += 1
    return count


def _render(document, program, year):
    """Both files of a document, each made only if the cache does not hold it already."""
    language = document.pdf_language(None)
    template = document.pdf_template_name
    for extension, render in (("pdf", render_pdf), ("docx", render_docx)):
        finished_document(
            document.id,
            program,
            year,
            language,
            extension,
            lambda render=render: render(template, document.get_context(program, year)),
        )

"""Time the annual report PDF: the whole request against WeasyPrint's rendering of its HTML.

Run `.venv/bin/python bench/reports.py` from the project root. It fills its own databases
(menaprogram_bench1 and menaprogram_bench10, from `generate_demo_data --scale 1` and `10`) the
first time, then prints the median of several runs for the report of 2023 at each scale: the
request with the PDF made anew (the PDF cache emptied first), WeasyPrint alone, the request
answered from the cache (unchanged data: the data version's key, no context built, no HTML
rendered), and the DOCX made anew; then the best CPU time of the request made anew and of
WeasyPrint (the figures to compare on a machine shared with other work). Goals: scale 10 under
3 s made anew (each event listed once), the cached click under 300 ms, and the whole request
within 1.2× of WeasyPrint's part.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from databases import bench_database_url

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2023
RUNS = 5
SCALES = (1, 10)


def _measure(scale):
    """Runs inside a child process whose DATABASE_URL names this scale's database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menaprogram.settings")
    import django

    django.setup()
    import logging

    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from activities.models import Event, Program
    from reports import documents
    from reports.pdf import html_to_pdf

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    call_command("create_database", verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    if not Event.objects.exists():
        call_command("load_program", verbosity=0)
        call_command("generate_demo_data", scale=scale, verbosity=0, next_program=False)
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("reports:annual-report-pdf", args=[YEAR])

    cpu = {}

    def timed(work):
        """The median wall time; the best CPU time (time.process_time) is kept in `cpu`: on
        a machine shared with other work, the CPU time is the figure that compares."""
        work()  # warm-up: fonts, templates, the connection
        times, cpu_times = [], []
        for _ in range(RUNS):
            start, start_cpu = time.perf_counter(), time.process_time()
            work()
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - start_cpu)
        cpu[work] = min(cpu_times)
        return statistics.median(times)

    def request():
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")

    def request_made_anew():
        caches["documents"].clear()  # else every request after the first is a cached PDF
        request()

    with translation.override("uk"):
        annual = documents.REGISTRY["annual-report"]
        html = render_to_string(
            annual.pdf_template_name,
            annual.get_context(Program.objects.get(start_year=2022), YEAR),
        )
        pdf = html_to_pdf(html)
    whole = timed(request_made_anew)
    cached = timed(request)

    def weasyprint_alone():
        html_to_pdf(html)

    weasyprint = timed(weasyprint_alone)
    docx_url = reverse("reports:annual-report-docx", args=[YEAR])

    def docx_made_anew():
        caches["documents"].clear()
        assert client.get(docx_url).status_code == 200

    docx = timed(docx_made_anew)
    events = Event.objects.in_year(YEAR).held().count()
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, text=False).stdout
    pages = next(
        (line.split()[-1].decode() for line in info.splitlines() if line.startswith(b"Pages:")),
        "?",
    )
    print(
        f"scale {scale:>2}: {events} events held in {YEAR}, {pages} pages; "
        f"whole request {whole:.2f} s, WeasyPrint {weasyprint:.2f} s, "
        f"ratio {whole / weasyprint:.2f}; from the cache {cached * 1000:.0f} ms; "
        f"DOCX made anew {docx:.2f} s (median of {RUNS}); "
        f"CPU: whole request {cpu[request_made_anew]:.2f} s, "
        f"WeasyPrint {cpu[weasyprint_alone]:.2f} s (best of {RUNS})"
    )


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--scale":
        _measure(int(sys.argv[2]))
        return
    for scale in SCALES:
        env = {**os.environ, "DATABASE_URL": bench_database_url(scale)}
        subprocess.run(
            [sys.executable, __file__, "--scale", str(scale)], env=env, check=True, cwd=ROOT
        )


if __name__ == "__main__":
    main()

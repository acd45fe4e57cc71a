"""Time and memory of importing expense files of 10,000 and 50,000 rows through the engine.

Run from the project folder:
`.venv/bin/python bench/imports.py [--rows 10000 50000] [--encoding cp1251] [--xlsx]`.
It uses its own database (`menaprogram_bench_imports`, created, migrated and loaded with the
program when missing), writes each CSV the way Excel saves it (Windows-1251, `;`, amounts
`1 234,56`), then times the preview (a dry run) and the real import, and prints the
seconds, the peak memory of the process, and each time against the first size's, per row
(1.0 is linear). `--xlsx` also times reading the heaviest workbook the limits let through.
Goals: linear in rows, 50,000 rows under 20 s each, under 300 MB; any file within the
limits read or refused in under 30 s. It runs with production settings (DEBUG off).
"""

import argparse
import datetime
import io
import os
import random
import resource
import secrets
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from databases import bench_database_url
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DATABASE_URL"] = bench_database_url("_imports")
# Production settings, as the load benches run them: with DEBUG, Django keeps the SQL of the
# last 9,000 queries, and a 50,000-row import's inserts are megabytes the server never keeps.
os.environ["DEBUG"] = "False"
os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menaprogram.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import translation  # noqa: E402

from activities.models import Program  # noqa: E402
from budget.models import (  # noqa: E402
    BudgetAllocation,
    Expense,
    Financing,
    FundingSource,
)
from menaprogram.importer import engine, reading, registry  # noqa: E402

BUDGET = "Бюджет Менської міської територіальної громади"
HEADER = ";".join(
    [
        "Дата",
        "Сума, грн",
        "Напрям використання коштів (номер)",
        "Джерело фінансування",
        "Контрагент",
        "Номер документа",
        "Примітка",
    ]
)
# A hundred billion hryvnias a category: no file of the bench reaches it.
ROOM = Decimal("100000000000.00")
COUNTERPARTIES = ["ТОВ «Перевізник»", "Готель «Мена»", "ФОП Їжакевич Ґ. І.", "КП «Менаблагоустрій»"]


def prepare():
    call_command("create_database", verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    if not Program.objects.filter(start_year=2022).exists():
        call_command("load_program", verbosity=0)
    program = Program.objects.get(start_year=2022)
    fund(program)
    return program


def fund(program):
    """Room under the spending limit for every file: 2023 allotted and financed in full."""
    source = FundingSource.objects.get(code="community_budget")
    for category in program.categories.all():
        BudgetAllocation.objects.update_or_create(
            category=category, year=2023, source=source, defaults={"amount": ROOM}
        )
        Financing.objects.update_or_create(
            category=category,
            source=source,
            date=datetime.date(2023, 1, 1),
            defaults={"amount": ROOM, "note": "bench/imports.py"},
        )


def make_file(rows, encoding):
    generator = random.Random(6)
    lines = [HEADER]
    for number in range(rows):
        day = generator.randint(1, 28)
        month = generator.randint(1, 12)
        hryvnias = generator.randint(1, 99999)
        kopecks = generator.randint(0, 99)
        amount = f"{hryvnias:,}".replace(",", " ") + f",{kopecks:02d}"
        lines.append(
            f"{day:02d}.{month:02d}.2023;{amount};{generator.randint(1, 9)};{BUDGET};"
            f"{generator.choice(COUNTERPARTIES)};{number + 1}/23;Рядок {number + 1}"
        )
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(program, kind, rows, encoding):
    Expense.objects.filter(category__program=program).delete()
    raw = make_file(rows, encoding)
    print(f"{rows} rows, {len(raw) / 1024 / 1024:.1f} MB, {encoding}")
    with translation.override("uk"):
        started = time.perf_counter()
        with transaction.atomic():  # as in a request (ATOMIC_REQUESTS)
            outcome = engine.preview(kind=kind, raw=raw, program=program)
        preview_seconds = time.perf_counter() - started
        assert outcome.ok, outcome.errors()[:5]
        print(f"  preview: {preview_seconds:.1f} s, {outcome.counts}, peak {peak_mb():.0f} MB")

        started = time.perf_counter()
        with transaction.atomic():
            outcome = engine.import_file(kind=kind, raw=raw, program=program)
        import_seconds = time.perf_counter() - started
        assert outcome.ok
        print(f"  import:  {import_seconds:.1f} s, {outcome.counts}, peak {peak_mb():.0f} MB")
    written = Expense.objects.filter(category__program=program).count()
    assert written == rows, written
    Expense.objects.filter(category__program=program).delete()
    return preview_seconds, import_seconds


def heavy_workbook():
    """A workbook of a few real rows under a sheet of empty styled cells, as large as allowed.

    Compressed it is a few hundred kilobytes; unpacked, just under the archive's limit.
    """
    cells = "".join(f'<c r="{get_column_letter(n)}{{row}}" s="1"/>' for n in range(1, 41))
    rows = []
    size, number = 0, 0
    header = "".join(
        f'<c r="{get_column_letter(n + 1)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for n, name in enumerate(HEADER.split(";")[:4])
    )
    rows.append(f'<row r="1">{header}</row>')
    while size < reading.MAX_UNPACKED_BYTES * 0.95:
        number += 1
        row = f'<row r="{number + 1}">' + cells.replace("{row}", str(number + 1)) + "</row>"
        rows.append(row)
        size += len(row)
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )
    book = openpyxl.Workbook()
    book.active.append(["x"])
    out = io.BytesIO()
    book.save(out)
    patched = io.BytesIO()
    with (
        zipfile.ZipFile(out) as source,
        zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(item.filename, data)
    return patched.getvalue(), number


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--encoding", default="cp1251", choices=["cp1251", "utf-8-sig", "utf-8"])
    parser.add_argument("--xlsx", action="store_true", help="time the heaviest workbook too")
    args = parser.parse_args()

    program = prepare()
    kind = registry.get("expenses")
    print(f"memory before: {peak_mb():.0f} MB")
    times = {rows: measure(program, kind, rows, args.encoding) for rows in args.rows}
    first = args.rows[0]
    ok = peak_mb() < 300
    for rows, (preview_seconds, import_seconds) in times.items():
        scale = rows / first
        print(
            f"{rows} rows: preview {preview_seconds / times[first][0] / scale:.2f}, "
            f"import {import_seconds / times[first][1] / scale:.2f} "
            f"(time per row against {first} rows)"
        )
        ok = ok and max(preview_seconds, import_seconds) < 20 * max(1, rows / 50_000)
    if args.xlsx:
        raw, blank_rows = heavy_workbook()
        started = time.perf_counter()
        try:
            with translation.override("uk"):
                reading.read_table(raw, kind)
            verdict = "read"
        except reading.ImportRefused as refusal:
            verdict = f"refused: {refusal.message}"
        seconds = time.perf_counter() - started
        print(
            f"workbook of {len(raw) / 1024:.0f} KB, {blank_rows} rows of 40 empty cells: "
            f"{seconds:.1f} s, {verdict}"
        )
        ok = ok and seconds < 30
    print("within the goals" if ok else "OVER THE GOALS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Time and memory of importing a 10,000-row expense file through the import engine.

Run from the project folder: `.venv/bin/python bench/imports.py [--rows 10000] [--encoding cp1251]`.
It uses its own database (`menaprogram_bench_imports`, created, migrated and loaded with the
program when missing), writes a CSV the way Excel saves it (Windows-1251, `;`, amounts
`1 234,56`), then times the preview (a dry run) and the real import, and prints the
seconds and the peak memory of the process. Goal: each under 15 s, under 300 MB.
"""

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

from databases import bench_database_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DATABASE_URL"] = bench_database_url("_imports")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menaprogram.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import translation  # noqa: E402

from activities.models import Program  # noqa: E402
from budget.models import Expense  # noqa: E402
from menaprogram.importer import engine, registry  # noqa: E402

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
COUNTERPARTIES = ["ТОВ «Перевізник»", "Готель «Мена»", "ФОП Їжакевич Ґ. І.", "КП «Менаблагоустрій»"]


def prepare():
    call_command("create_database", verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    if not Program.objects.filter(start_year=2022).exists():
        call_command("load_program", verbosity=0)
    return Program.objects.get(start_year=2022)


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--encoding", default="cp1251", choices=["cp1251", "utf-8-sig", "utf-8"])
    args = parser.parse_args()

    program = prepare()
    Expense.objects.filter(category__program=program).delete()
    raw = make_file(args.rows, args.encoding)
    kind = registry.get("expenses")
    print(
        f"{args.rows} rows, {len(raw) / 1024 / 1024:.1f} MB, {args.encoding}; "
        f"memory before: {peak_mb():.0f} MB"
    )

    with translation.override("uk"):
        started = time.perf_counter()
        with transaction.atomic():  # as in a request (ATOMIC_REQUESTS)
            outcome = engine.preview(kind=kind, raw=raw, program=program)
        preview_seconds = time.perf_counter() - started
        assert outcome.ok, outcome.errors()[:5]
        print(f"preview: {preview_seconds:.1f} s, {outcome.counts}, peak memory {peak_mb():.0f} MB")

        started = time.perf_counter()
        with transaction.atomic():
            outcome = engine.import_file(kind=kind, raw=raw, program=program)
        import_seconds = time.perf_counter() - started
        assert outcome.ok
        print(f"import:  {import_seconds:.1f} s, {outcome.counts}, peak memory {peak_mb():.0f} MB")

    written = Expense.objects.filter(category__program=program).count()
    print(f"expenses in the database: {written}")
    Expense.objects.filter(category__program=program).delete()
    ok = max(preview_seconds, import_seconds) < 15 and peak_mb() < 300
    print("within the goal (15 s, 300 MB)" if ok else "OVER THE GOAL (15 s, 300 MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Load the 2022–2024 program from the council's text carried in activities/data."""

from django.core.management.base import BaseCommand
from django.db import transaction

from activities.models import Department, Direction, ExpectedResult, Program, ProgramSection
from activities.program_text import read_program
from budget.models import FundingSource, ProgramFunding, SpendingCategory

SHORT_TITLE = "Програма міжнародного співробітництва 2022–2024"

DEPARTMENT_SHORT_NAMES = {
    "Відділ економічного розвитку та інвестицій Менської міської ради": (
        "Відділ економічного розвитку та інвестицій"
    ),
    "Відділ освіти Менської міської ради": "Відділ освіти",
    "Відділ культури Менської міської ради": "Відділ культури",
}

COMMUNITY_BUDGET = FundingSource.LOCAL_BUDGET
FUNDING_SOURCES = {
    COMMUNITY_BUDGET: "Бюджет Менської міської територіальної громади",
    "other": "Інші джерела, не заборонені законодавством",
}

# The program names the spending categories but not their codes; these are the likely КЕКВ
# codes from docs/domain.md, a starting point that the administrator may correct.
KEKV_BY_CATEGORY = {
    1: "2210",
    2: "2210",
    3: "2240",
    4: "2250",
    5: "2210",
    6: "2240",
    7: "2240",
    8: "2240",
    9: "2240",
}


class Command(BaseCommand):
    help = (
        "Load the Program of international cooperation 2022–2024 from the council's text "
        "(activities/data/program-2022-2024.txt): passport, text sections, directions, "
        "expected results, spending categories with КЕКВ codes, funding sources and the "
        "approved amounts by year. Safe to run again: rows are matched on natural keys and "
        "every loaded field (КЕКВ codes and co-developers included) is reset to the loaded "
        "value, undoing edits made to it in the admin. The program's status is set only when "
        "the program is created, its adopting decision is left to the administrator, and rows "
        "this command does not load (allocations, expenses, events…) are never touched."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        self.created = self.existing = 0
        text = read_program()
        passport = text.passport

        departments = {
            name: self.upsert(
                Department, {"short_name": DEPARTMENT_SHORT_NAMES.get(name, "")}, name=name
            )
            for name in dict.fromkeys([*passport.co_developers, passport.responsible_executor])
        }
        program = self.upsert(
            Program,
            {
                "short_title": SHORT_TITLE,
                "start_year": passport.start_year,
                "end_year": passport.end_year,
                "basis_document": passport.basis_document,
                "developers": passport.developers,
                "participants": "\n".join(passport.participants),
                "responsible_executor": departments[passport.responsible_executor],
                "control": passport.control,
                "signatory_position": text.signatory_position,
                "signatory_name": text.signatory_name,
            },
            # The program goes on to be completed after 2024; a re-run must not revive it.
            create_defaults={"status": Program.Status.ACTIVE},
            title=passport.title,
        )
        program.co_developers.set([departments[name] for name in passport.co_developers])

        for section in text.sections:
            body = section.text
            # The sentence on the legal basis stands between the title and "Вступ" with no
            # heading of its own; it opens the introduction so that no text is lost.
            if section.number == 1 and text.preamble:
                body = f"{text.preamble}\n{body}"
            self.upsert(
                ProgramSection,
                {"title": section.title, "text": body},
                program=program,
                number=section.number,
            )
        for model, items, notes in (
            (Direction, text.directions, text.direction_notes),
            (ExpectedResult, text.expected_results, {}),
        ):
            for number, item in items.items():
                self.upsert(
                    model,
                    {"text": item, "editorial_note": notes.get(number, "")},
                    program=program,
                    number=number,
                )
        for number, name in text.spending_categories.items():
            self.upsert(
                SpendingCategory,
                {"name": name, "kekv": KEKV_BY_CATEGORY[number]},
                program=program,
                number=number,
            )

        sources = {
            code: self.upsert(FundingSource, {"name": name}, code=code)
            for code, name in FUNDING_SOURCES.items()
        }
        for year, amount in passport.funding.items():
            self.upsert(
                ProgramFunding,
                {"amount": amount},
                program=program,
                year=year,
                source=sources[COMMUNITY_BUDGET],
            )

        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Program «{program.short_title}»: created {self.created}, "
                    f"updated or unchanged {self.existing}."
                )
            )

    def upsert(self, model, defaults, create_defaults=None, **keys):
        """update_or_create on the natural `keys`, counting created and existing rows."""
        if create_defaults is not None:
            create_defaults = {**defaults, **create_defaults}
        obj, created = model.objects.update_or_create(
            defaults=defaults, create_defaults=create_defaults, **keys
        )
        if created:
            self.created += 1
        else:
            self.existing += 1
        return obj

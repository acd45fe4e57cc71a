"""The program as open data, in the structure Cabinet of Ministers Resolution No. 835 sets
for local programs: the programs, their amendments, and the reports on their execution.

Each data set is a tablib Dataset with the resolution's English column names, so that one
definition gives CSV, XLSX and JSON alike.
"""

import datetime
import json

import tablib
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from activities.models import Amendment, AnnualReport, Program
from menaprogram import spreadsheets

ORDER_TYPE = "Рішення"  # a program and its changes are adopted by council decisions

PROGRAM_FIELDS = [
    "identifier",
    "title",
    "validFrom",
    "validThrough",
    "status",
    "executantName",
    "orderType",
    "orderTitle",
    "orderDateAccepted",
    "orderNumber",
    "publisherName",
    "publisherIdentifier",
]
AMENDMENT_FIELDS = [
    "identifier",
    "programmeIdentifier",
    "programmeTitle",
    "orderType",
    "orderTitle",
    "orderDateAccepted",
    "orderNumber",
    "publisherName",
    "publisherIdentifier",
]

REPORT_FIELDS = [
    "identifier",
    "dateAccepted",
    "title",
    "periodStart",
    "periodEnd",
    "programmeIdentifier",
    "programmeTitle",
    "orderNumber",
    "publisherName",
    "publisherIdentifier",
]

# What each column means, for the page that describes the data sets.
DESCRIPTIONS = {
    "identifier": _("Identifier of the record"),
    "title": _("Title of the program"),
    "validFrom": _("First day of the program's term (yyyy-mm-dd)"),
    "validThrough": _("Last day of the program's term (yyyy-mm-dd)"),
    "status": _("State of the program"),
    "executantName": _("Responsible executor"),
    "orderType": _("Kind of the adopting document"),
    "orderTitle": _("Title of the adopting document"),
    "orderDateAccepted": _("Date the document was adopted (yyyy-mm-dd)"),
    "orderNumber": _("Number of the document"),
    "publisherName": _("Publisher"),
    "publisherIdentifier": _("Publisher's EDRPOU code"),
    "programmeIdentifier": _("Identifier of the program"),
    "programmeTitle": _("Title of the program"),
    "dateAccepted": _("Date the council took note of the report (yyyy-mm-dd)"),
    "periodStart": _("First day of the reported period (yyyy-mm-dd)"),
    "periodEnd": _("Last day of the reported period (yyyy-mm-dd)"),
}

STATUS = {
    Program.Status.DRAFT: "проєкт",
    Program.Status.ACTIVE: "діє",
    Program.Status.COMPLETED: "виконано",
}


def program_identifier(program):
    # Stable across renames: the first year and the row's key never change.
    return f"program-{program.start_year}-{program.pk}"


def _publisher():
    return [settings.OPEN_DATA_PUBLISHER_NAME, settings.OPEN_DATA_PUBLISHER_IDENTIFIER]


def programs():
    data = tablib.Dataset(headers=PROGRAM_FIELDS, title="programs")
    for program in Program.objects.select_related("responsible_executor").order_by(
        "start_year", "pk"
    ):
        data.append(
            [
                program_identifier(program),
                program.title,
                datetime.date(program.start_year, 1, 1),
                datetime.date(program.end_year, 12, 31),
                STATUS.get(program.status, program.status),
                str(program.responsible_executor or ""),
                ORDER_TYPE,
                program.decision_title,
                program.decision_date,
                program.decision_number,
                *_publisher(),
            ]
        )
    return data


def amendments():
    """Amendments adopted (a draft is the council's working paper, not a public act)."""
    data = tablib.Dataset(headers=AMENDMENT_FIELDS, title="amendments")
    for amendment in (
        Amendment.objects.adopted()
        .select_related("program")
        .order_by("program__start_year", "decision_date", "pk")
    ):
        data.append(
            [
                f"amendment-{amendment.pk}",
                program_identifier(amendment.program),
                amendment.program.title,
                ORDER_TYPE,
                amendment.title,
                amendment.decision_date,
                amendment.decision_number,
                *_publisher(),
            ]
        )
    return data


def reports():
    """Annual execution reports the council has taken note of (accepted ones only)."""
    data = tablib.Dataset(headers=REPORT_FIELDS, title="reports")
    accepted = AnnualReport.objects.filter(accepted_on__isnull=False).select_related("program")
    for report in accepted.order_by("program__start_year", "year"):
        data.append(
            [
                f"report-{report.program.start_year}-{report.year}-{report.pk}",
                report.accepted_on,
                str(report.title),
                datetime.date(report.year, 1, 1),
                datetime.date(report.year, 12, 31),
                program_identifier(report.program),
                report.program.title,
                report.decision_number,
                *_publisher(),
            ]
        )
    return data


# name: (title, description, the function that builds it, its columns)
DATASETS = {
    "programs": (
        _("Programs"),
        _("The council's local programs: title, term, state, executor, adopting decision."),
        programs,
        PROGRAM_FIELDS,
    ),
    "amendments": (
        _("Amendments to programs"),
        _("Council decisions that changed a program."),
        amendments,
        AMENDMENT_FIELDS,
    ),
    "reports": (
        _("Reports on the execution of programs"),
        _("Annual reports the council has taken note of, with the period and the program."),
        reports,
        REPORT_FIELDS,
    ),
}
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def export(name, fmt):
    """The bytes of data set `name` in format `fmt` (one of FORMATS); KeyError if unknown."""
    build = DATASETS[name][2]
    content_type = FORMATS[fmt]
    data = build()
    if fmt == "json":
        # ISO dates, Cyrillic as is: tablib's own JSON would escape it.
        rows = [
            {
                key: value.isoformat() if hasattr(value, "isoformat") else value
                for key, value in row.items()
            }
            for row in data.dict
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2).encode(), content_type
    if fmt == "csv":
        return spreadsheets.csv_bytes(data, for_excel=False), content_type
    return spreadsheets.xlsx_bytes(data, date_format="YYYY-MM-DD"), content_type

"""Open data: public, at stable addresses, with the resolution's columns in every format."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from activities.models import Amendment, AnnualReport

pytestmark = pytest.mark.django_db


def _file(client, name, fmt):
    return client.get(reverse("open-data-file", args=[name, fmt]))


def test_the_description_page_is_public_and_lists_every_file(client, program):
    response = client.get(reverse("open-data"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("programs", "amendments", "reports"):
        for fmt in ("csv", "xlsx", "json"):
            assert f'href="/open-data/{name}.{fmt}"' in html
    assert "<code>validThrough</code>" in html


def test_programs_as_json_follow_resolution_835(client, program):
    response = _file(client, "programs", "json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    [row] = json.loads(response.content)
    assert row["title"] == program.title
    assert row["validFrom"] == "2022-01-01"
    assert row["validThrough"] == "2024-12-31"
    assert row["executantName"] == str(program.responsible_executor)
    assert row["publisherName"] == "Менська міська рада"
    assert row["identifier"] == f"program-2022-{program.pk}"


def test_csv_and_xlsx_hold_the_same_rows_as_json(client, program):
    Amendment.objects.create(
        program=program,
        decision_number="12/34",
        decision_date=datetime.date(2023, 3, 15),
        title="Про внесення змін до Програми",
        summary="Збільшено фінансування",
    )
    as_json = json.loads(_file(client, "amendments", "json").content)
    response = _file(client, "amendments", "csv")
    assert response["Content-Disposition"] == 'attachment; filename="amendments.csv"'
    as_csv = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert as_csv == [{key: str(value) for key, value in row.items()} for row in as_json]

    sheet = openpyxl.load_workbook(io.BytesIO(_file(client, "amendments", "xlsx").content)).active
    headers, *rows = list(sheet.values)
    assert list(headers) == list(as_json[0])
    row = dict(zip(headers, rows[0], strict=True))
    # Dates stay dates in a spreadsheet.
    assert row["orderDateAccepted"].date() == datetime.date(2023, 3, 15)
    assert row["programmeIdentifier"] == f"program-2022-{program.pk}"


def test_unknown_sets_and_formats_are_not_found(client, program):
    assert _file(client, "partners", "csv").status_code == 404
    assert _file(client, "programs", "xml").status_code == 404


def test_only_accepted_reports_are_published(client, program):
    AnnualReport.objects.create(
        program=program, year=2022, accepted_on=datetime.date(2023, 2, 9), decision_number="1234"
    )
    AnnualReport.objects.create(program=program, year=2023)  # still a draft
    rows = json.loads(_file(client, "reports", "json").content)
    assert [(row["periodStart"], row["periodEnd"], row["dateAccepted"]) for row in rows] == [
        ("2022-01-01", "2022-12-31", "2023-02-09")
    ]
    assert rows[0]["programmeIdentifier"] == f"program-2022-{program.pk}"
    assert rows[0]["title"] == "Звіт про виконання програми за 2022 рік"


def test_only_adopted_amendments_are_published(client, program):
    Amendment.objects.create(
        program=program,
        decision_number="12/34",
        decision_date=datetime.date(2023, 3, 15),
        title="Про внесення змін до Програми",
    )
    Amendment.objects.create(
        program=program, title="Проєкт змін до Програми", status=Amendment.Status.DRAFT
    )
    rows = json.loads(_file(client, "amendments", "json").content)
    assert [row["orderNumber"] for row in rows] == ["12/34"]

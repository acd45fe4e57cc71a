"""The documents' pages: who may open them, years outside the term, the summary form, queries."""

import datetime

import pytest
from django.urls import reverse

from activities.models import AnnualReport
from reports.tests.documents_data import TRICKY, held_events, money_for_2023

pytestmark = pytest.mark.django_db


def _pages(year=2023):
    return [
        reverse("reports:document-list"),
        reverse("reports:passport"),
        reverse("reports:passport-pdf"),
        reverse("reports:annual-report", args=[year]),
        reverse("reports:annual-report-pdf", args=[year]),
        reverse("reports:annual-report-xlsx", args=[year]),
        reverse("reports:final-report"),
        reverse("reports:final-report-pdf"),
    ]


NARRATIVE = reverse("reports:annual-report-narrative", args=[2023])


def test_controller_sees_previews_without_the_summary_edit_link(as_user, controller, program):
    client = as_user(controller)
    for url in (
        reverse("reports:document-list"),
        reverse("reports:passport"),
        reverse("reports:annual-report", args=[2023]),
        reverse("reports:final-report"),
    ):
        assert client.get(url).status_code == 200, url
    annual = client.get(reverse("reports:annual-report", args=[2023])).content.decode()
    assert NARRATIVE not in annual
    assert reverse("reports:annual-report-pdf", args=[2023]) in annual


def test_controller_cannot_write_the_summary(as_user, controller, program):
    client = as_user(controller)
    assert client.get(NARRATIVE).status_code == 403
    assert client.post(NARRATIVE, {"narrative": "Текст"}).status_code == 403
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("year", [2021, 2025, 1999])
def test_year_outside_the_term_answers_404_in_ukrainian(as_user, controller, program, year):
    client = as_user(controller)
    for url in (
        reverse("reports:annual-report", args=[year]),
        reverse("reports:annual-report-pdf", args=[year]),
        reverse("reports:annual-report-xlsx", args=[year]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert f"Рік {year} не входить до строку виконання програми 2022–2024" in (
            response.content.decode()
        )


def test_editor_writes_the_summary_and_sees_it_in_the_preview(as_user, editor, program):
    client = as_user(editor)
    preview = reverse("reports:annual-report", args=[2023])
    assert NARRATIVE in client.get(preview).content.decode()
    response = client.post(
        NARRATIVE,
        {
            "narrative": "Рік партнерства.\n\n\n\nДругий абзац.   ",
            "decision_number": "12/34",
            "accepted_on": "15.03.2024",
        },
    )
    assert response.status_code == 302
    assert response.url == preview
    report = AnnualReport.objects.get()
    assert (report.program, report.year) == (program, 2023)
    assert report.narrative == "Рік партнерства.\n\nДругий абзац."
    assert report.accepted_on == datetime.date(2024, 3, 15)
    page = client.get(preview).content.decode()
    assert "<p>Рік партнерства.</p>" in page
    # Taken note of by a decision: the report becomes its annex.
    assert "Додаток" in page and "від 15.03.2024 № 12/34" in page


def test_second_save_of_the_summary_updates_the_same_row(as_user, editor, program):
    client = as_user(editor)
    client.post(NARRATIVE, {"narrative": "Перший", "decision_number": "", "accepted_on": ""})
    client.post(NARRATIVE, {"narrative": "Другий", "decision_number": "", "accepted_on": ""})
    assert list(AnnualReport.objects.values_list("narrative", flat=True)) == ["Другий"]


def test_invalid_date_keeps_what_was_typed_and_explains_in_ukrainian(as_user, editor, program):
    response = as_user(editor).post(
        NARRATIVE, {"narrative": "Чернетка", "decision_number": "7", "accepted_on": "31.02.2024"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Введіть коректну дату" in page
    assert 'value="31.02.2024"' in page
    assert "Чернетка</textarea>" in page
    assert not AnnualReport.objects.exists()


def test_summary_form_labels_every_input(as_user, editor, program):
    page = as_user(editor).get(NARRATIVE).content.decode()
    for name in ("narrative", "decision_number", "accepted_on"):
        assert f'for="id_{name}"' in page


def test_typed_markup_is_shown_as_text_in_the_preview(as_user, editor, program):
    held_events(program, 1, title=TRICKY, partner_name=TRICKY)
    as_user(editor).post(NARRATIVE, {"narrative": TRICKY, "decision_number": "", "accepted_on": ""})
    page = as_user(editor).get(reverse("reports:annual-report", args=[2023])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "🌻" in page


def test_document_list_offers_each_year_of_the_term(as_user, controller, program):
    page = as_user(controller).get(reverse("reports:document-list")).content.decode()
    for year in (2022, 2023, 2024):
        assert reverse("reports:annual-report-xlsx", args=[year]) in page
    assert reverse("reports:passport-pdf") + "?lang=en" in page


@pytest.mark.parametrize("count", [1, 50])
def test_previews_run_a_fixed_number_of_queries(
    as_user, controller, program, django_assert_max_num_queries, count
):
    money_for_2023(program)
    held_events(program, count)
    client = as_user(controller)
    # Measured: the same at 1 and at 50 events (five of them are the session, user and workspace;
    # one counts the events each category's expenses paid for; two or three read the version in
    # force: the changes of later amendments, the amendments it includes, the funding changes).
    for url, bound in [
        (reverse("reports:annual-report", args=[2023]), 23),
        (reverse("reports:annual-report-xlsx", args=[2023]), 23),
        (reverse("reports:final-report"), 26),
        (reverse("reports:passport"), 14),
        (reverse("reports:document-list"), 7),
    ]:
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200, url

"""The PDFs hold the database's figures, read back with pdftotext, and fetch nothing remote."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse

from activities.models import AnnualReport, Program
from budget.models import BudgetAllocation, Expense
from reports import pdf
from reports.pdf import LocalStaticFetcher
from reports.tests.documents_data import TRICKY, community_budget, held_events, money_for_2023

pytestmark = pytest.mark.django_db


def _text(content):
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    # Grouped thousands use a no-break space; compare with plain ones.
    return text.replace("\xa0", " ").replace("\u202f", " ")


def _pages(content):
    info = subprocess.run(
        ["pdfinfo", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_passport_holds_the_programs_values_on_one_page(as_user, controller, program):
    response = as_user(controller).get(reverse("reports:passport-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "passport-2022-2024.pdf" in response["Content-Disposition"]
    content = response.content
    assert _pages(content) == 1
    text = _text(content)
    for value in ("200,00", "300,00", "800,00", "ПАСПОРТ", "Сторінка 1 з 1", "СТАЛЬНИЧЕНКО"):
        assert value in text
    # Rows 9 and 9.1 (all money, the local budget's) both list 2023 and 2024.
    assert text.count("300,00") == 4
    assert "Відділ економічного розвитку та інвестицій Менської" in text
    assert "Закон України «Про місцеве самоврядування в Україні»" in text


def test_passport_in_english_keeps_the_data_with_english_labels(as_user, controller, program):
    text = _text(as_user(controller).get(reverse("reports:passport-pdf") + "?lang=en").content)
    assert "PASSPORT" in text
    assert "Page 1 of 1" in text
    assert "Total financial resources" in text
    assert "800.00" in text
    assert "Менська міська рада" in text


def test_annual_report_holds_each_category_and_the_totals(as_user, controller, program):
    money_for_2023(program)
    held_events(program, 3)
    content = as_user(controller).get(reverse("reports:annual-report-pdf", args=[2023])).content
    assert _pages(content) >= 2
    text = _text(content)
    assert "Інформація про виконання програми" in text
    assert "Сторінка 1 з" in text
    lines = text.splitlines()

    def line_with(*values):
        return any(all(value in line for value in values) for line in lines)

    # Category 1 from the budget: 40 000,00 allotted, 13 345,67 used (13,35 printed), 33,4 %.
    assert line_with("х", "40,00", "13,35", "-26,65", "33,4 %")
    # The other source: 9 999,99 of 10 000,00, a kopiyka short, rounds to 0,00 with no sign.
    assert line_with("10,00", "10,00", " 0,00", "100,0 %")
    assert line_with("60,00", "65,00", "+5,00", "108,3 %")  # category 7, over the plan
    # Totals add up the rounded rows (13,35 + 65,00); the program's 300,00 for 2023 is on the
    # source's and the program's total lines; percents divide the printed figures.
    assert line_with("300,00", "100,00", "78,35", "-21,65", "78,4 %")
    assert line_with("300,00", "110,00", "88,35", "-21,65", "80,3 %")
    assert "0,78" not in text  # 2022's expense stays out of 2023
    assert "Візит делегації 0" in text and "10.05.2023–" in text
    assert "Заходи за цим напрямом не проводились." in " ".join(text.split())


def test_year_without_expenses_renders_zeros_and_says_so(as_user, controller, program):
    text = _text(as_user(controller).get(reverse("reports:annual-report-pdf", args=[2024])).content)
    assert "У 2024 році видатки за програмою не здійснювались." in text
    assert "0,00" in text


def test_typed_markup_is_printed_as_text(as_user, editor, program):
    held_events(program, 1, title=TRICKY, partner_name=TRICKY)
    client = as_user(editor)
    client.post(
        reverse("reports:annual-report-narrative", args=[2023]),
        {"narrative": TRICKY, "decision_number": "", "accepted_on": ""},
    )
    text = _text(client.get(reverse("reports:annual-report-pdf", args=[2023])).content)
    assert '<script>alert(1)</script> «Лан» & "О\'Браєн"' in text


def test_final_report_holds_funding_by_year_and_the_directions(as_user, controller, program):
    money_for_2023(program)
    held_events(program, 2)
    text = _text(as_user(controller).get(reverse("reports:final-report-pdf")).content)
    assert "ЗАКЛЮЧНИЙ ЗВІТ" in text
    assert "Метою Програми є обмін позитивним досвідом" in text
    assert "800,00" in text  # approved over the term
    # Spent over the term: 88 346,16 in 2023 and 777,00 in 2022, each year's line rounded
    # to tens (78,35 + 10,00 + 0,78) before they are added up.
    assert "89,13" in text
    assert "обмін офіційними делегаціями" in text
    assert "заходи не проводились" in text


def test_fetcher_serves_static_files_and_refuses_anything_else():
    fetcher = LocalStaticFetcher()
    response = fetcher.fetch("http://menaprogram.local/static/css/print.css")
    assert b"@page" in response.read()
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://menaprogram.local/static/../../manage.py",
        "http://menaprogram.local/files/anything.png",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_fetcher_finds_collected_hashed_static_files(settings, tmp_path, monkeypatch):
    # Production's {% static %} names files like print.abc123.css, which only STATIC_ROOT has.
    from reports import pdf

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.abc123.css").write_text("body { color: black }")
    fetched = pdf.LocalStaticFetcher().fetch(f"{pdf.BASE_URL}static/css/print.abc123.css")
    assert b"color: black" in fetched.read()
    with pytest.raises(ValueError):
        pdf.LocalStaticFetcher().fetch(f"{pdf.BASE_URL}static/css/missing.abc123.css")


def test_a_pdf_is_made_once_until_its_content_changes(as_user, controller, program, monkeypatch):
    made = []

    def counted(html):
        made.append(html)
        return real_html_to_pdf(html)

    real_html_to_pdf = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", counted)
    client = as_user(controller)
    first = client.get(reverse("reports:passport-pdf")).content
    assert client.get(reverse("reports:passport-pdf")).content == first
    assert len(made) == 1
    # English is other HTML, so another PDF.
    client.get(reverse("reports:passport-pdf") + "?lang=en")
    assert len(made) == 2

    Program.objects.filter(pk=program.pk).update(signatory_name="Оксана НОВА")
    changed = client.get(reverse("reports:passport-pdf")).content
    assert len(made) == 3
    assert "НОВА" in _text(changed)


def test_the_annual_report_with_its_chart_is_made_once(as_user, controller, program, monkeypatch):
    # Its chart's ids must not change from request to request, or the PDF is never reused.
    made = []
    real_html_to_pdf = pdf.html_to_pdf
    monkeypatch.setattr(
        pdf, "html_to_pdf", lambda html: made.append(html) or real_html_to_pdf(html)
    )
    client = as_user(controller)
    url = reverse("reports:annual-report-pdf", args=[2023])
    assert client.get(url).content == client.get(url).content
    assert len(made) == 1


def test_passport_is_an_annex_to_its_adopting_decision(as_user, controller, program):
    program.decision_number = "12/345"
    program.decision_date = datetime.date(2021, 12, 23)
    program.decision_session = "дванадцятої"
    program.decision_convocation = "восьмого"
    program.save()
    text = _text(as_user(controller).get(reverse("reports:passport-pdf")).content)
    assert "Додаток" in text
    # The annex block is narrow: its words wrap, so they are compared without line breaks.
    words = " ".join(text.split())
    assert "до рішення дванадцятої сесії Менської міської ради восьмого скликання" in words
    assert "від 23.12.2021 № 12/345" in text
    assert "Програми розвитку міжнародного співробітництва" in text  # the genitive heading
    assert "ПРОЄКТ" not in text
    assert "9.1." in text and "9.2." in text


def test_passport_without_its_decision_is_a_draft_and_prints_no_blanks(
    as_user, controller, program
):
    text = _text(as_user(controller).get(reverse("reports:passport-pdf")).content)
    assert "ПРОЄКТ" in text
    assert "Додаток" not in text
    assert "№  " not in text and "__." not in text


def test_annual_report_is_a_draft_until_every_deviation_has_its_reason(
    as_user, editor, controller, program
):
    money_for_2023(program)
    # Beyond a threshold of 5 %: category 1 from the budget (33 % of its allotment) and
    # category 7 (108 %; the default 10 % would pass it); the budget's total for the year
    # (78,35 of the program's 300,00) and the other source's (10,00 where the program
    # foresees nothing). The other source's category line (100 %) needs none.
    program.deviation_threshold = 5
    program.save()
    pdf = reverse("reports:annual-report-pdf", args=[2023])
    content = as_user(controller).get(pdf).content
    assert _text(content).count("ПРОЄКТ") == _pages(content)

    client = as_user(editor)
    preview = client.get(reverse("reports:annual-report", args=[2023])).content.decode()
    form = preview[preview.index('id="reasons-heading"') :]
    assert form.count("<textarea") == 4
    names = re.findall(r'name="(reason_[0-9a-f]+)"', form)
    reasons = {name: f"Причина {number}." for number, name in enumerate(names, 1)}

    def save(typed):
        page = client.get(reverse("reports:annual-report", args=[2023])).content.decode()
        fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', page).group(1)
        response = client.post(
            reverse("reports:annual-report-reasons", args=[2023]),
            {**typed, "fingerprint": fingerprint},
        )
        assert response.status_code == 302

    save({**reasons, names[-1]: ""})
    text = _text(client.get(pdf).content)
    assert "ПРОЄКТ" in text  # one reason is still missing
    assert "Причина 1." in text
    save(reasons)
    assert "ПРОЄКТ" not in _text(client.get(pdf).content)


def test_a_year_spent_far_beyond_its_approval_cannot_pass_the_final_report_without_a_reason(
    as_user, controller, program
):
    budget = community_budget()
    category = program.categories.get(number=1)
    BudgetAllocation.objects.create(category=category, year=2022, source=budget, amount="310000")
    # The program approves 200 000,00 for 2022: this is 151 %.
    Expense.objects.create(
        category=category, source=budget, date=datetime.date(2022, 5, 1), amount="302070.00"
    )
    final = reverse("reports:final-report-pdf")
    text = _text(as_user(controller).get(final).content)
    assert "ПРОЄКТ" in text
    assert "+102,07" in text and "151,0 %" in text
    AnnualReport.objects.create(
        program=program,
        year=2022,
        deviation_reasons={f"year:{budget.name}": "Додаткові візити делегацій."},
    )
    text = _text(as_user(controller).get(final).content)
    assert "Додаткові" in text
    assert "ПРОЄКТ" in text  # 2023 and 2024 spent nothing of their 300,00: reasons missing
    for year in (2023, 2024):
        AnnualReport.objects.create(
            program=program,
            year=year,
            deviation_reasons={f"year:{budget.name}": "Воєнний стан."},
        )
    assert "ПРОЄКТ" not in _text(as_user(controller).get(final).content)


def test_draft_decision_on_a_year_has_its_points_and_the_report_as_annex(
    as_user, controller, program
):
    money_for_2023(program)
    content = as_user(controller).get(reverse("reports:annual-decision-pdf", args=[2023])).content
    text = " ".join(_text(content).split())
    assert "МЕНСЬКА МІСЬКА РАДА" in text and "РІШЕННЯ" in text and "ВИРІШИЛА:" in text
    assert "Про інформацію про виконання Програми розвитку" in text
    assert "за 2023 рік взяти до відома (додається)" in text
    assert "Додаток до рішення Менської міської ради «Про інформацію про виконання" in text
    assert "ІНФОРМАЦІЯ" in text and "88,35" in text
    # A draft decision names no session, date or number, not even as blanks.
    assert "___ " not in text.replace("______________", "") and "№ _" not in text
    assert _text(content).count("ПРОЄКТ") == _pages(content)


def test_draft_decision_on_the_final_report_approves_it(as_user, controller, program):
    text = " ".join(
        _text(as_user(controller).get(reverse("reports:final-decision-pdf")).content).split()
    )
    assert "Про затвердження заключного звіту про виконання Програми розвитку" in text
    assert "Затвердити заключний звіт" in text and "ЗАКЛЮЧНИЙ ЗВІТ" in text


def test_names_in_a_document_follow_the_ukrainian_alphabet(as_user, controller, program):
    for name in ("Ірпінь-партнер", "Гданськ", "Єльня-партнер", "Ґміна Ліпно"):
        held_events(program, 1, title=f"Візит: {name}", partner_name=name)
    text = _text(as_user(controller).get(reverse("reports:annual-report-pdf", args=[2023])).content)
    partners_part = text[text.index("4. Партнери") :]
    positions = [
        partners_part.index(name)
        for name in ("Гданськ", "Ґміна Ліпно", "Єльня-партнер", "Ірпінь-партнер")
    ]
    assert positions == sorted(positions)

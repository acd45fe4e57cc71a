"""The dashboard's SVG charts: text alternatives, labels on bars, and the same SVG in a PDF;
the documents' chart as HTML bars."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation

from reports import charts


@pytest.fixture
def ukrainian():
    with translation.override("uk"):
        yield


def _categories():
    return charts.plan_against_fact(
        [
            charts.PlanFact("1. Сувенірна продукція", Decimal("10000.00"), Decimal("4000.00")),
            charts.PlanFact("5. Міжнародні зустрічі", Decimal("7000.00"), Decimal("7500.50")),
            charts.PlanFact("9. Доставка допомоги", Decimal("0"), Decimal("0")),
        ],
        title="Передбачено й використано, 2023",
    )


def _months():
    return charts.spending_by_month(
        [(datetime.date(2023, month, 1), Decimal(month * 1000)) for month in range(1, 13)],
        title="Видатки за місяцями, 2023",
    )


def _directions():
    return charts.events_by_direction(
        [(1, "обмін офіційними делегаціями", 5), (2, "реалізація спільних проектів", 0)],
        title="Проведені заходи за напрямами, 2023",
    )


def test_a_chart_is_an_image_with_a_title_and_a_description(ukrainian):
    svg = _categories()
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg
    ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    for ident in ids:
        assert f'id="{ident}"' in svg
    assert "<title id=" in svg and "Передбачено й використано, 2023" in svg
    description = re.search(r"<desc[^>]*>(.*)</desc>", svg).group(1)
    assert "1. Сувенірна продукція: призначено 10,00, використано 4,00 (40,0\xa0%)" in description


def test_bars_carry_their_values_in_ukrainian_and_coordinates_with_a_dot(ukrainian):
    svg = _categories()
    assert "використано: 4,00 (40,0\xa0%)" in svg
    assert "призначено: 7,00" in svg
    assert "використано: 7,50 (107,2\xa0%)" in svg
    # A comma decimal inside a coordinate makes the bars vanish.
    for name, value in re.findall(r'\s(x|y|width|height|x1|x2|y1|y2)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), (name, value)


def test_charts_hold_no_script_style_or_foreign_object(ukrainian):
    for svg in (_categories(), _months(), _directions()):
        for forbidden in ("<script", "<style", "style=", "foreignObject", "var(--"):
            assert forbidden not in svg


def test_two_charts_on_a_page_have_different_ids(ukrainian):
    first, second = _months(), _months()
    first_ids = set(re.findall(r'id="([^"]+)"', first))
    assert first_ids and not first_ids & set(re.findall(r'id="([^"]+)"', second))


def test_month_and_direction_bars_are_labelled(ukrainian):
    months = _months()
    assert "березень 2023" in months and "3,00" in months
    directions = _directions()
    assert "1. обмін офіційними делегаціями" in directions
    assert ">5</text>" in directions and ">0</text>" in directions


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_same_svg_renders_in_a_pdf_through_weasyprint(ukrainian, tmp_path):
    from weasyprint import HTML

    page = (
        '<html lang="uk"><head><meta charset="utf-8"></head><body>'
        f"{_categories()}{_months()}{_directions()}</body></html>"
    )
    pdf = tmp_path / "charts.pdf"
    HTML(string=page).write_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "використано: 4,00 (40,0",
        "призначено: 10,00",
        "1. Сувенірна продукція",
        "березень 2023",
        "1. обмін офіційними делегаціями",
    ):
        assert expected in text, expected


def test_the_documents_chart_as_html_bars_says_every_figure(ukrainian):
    chart = charts.plan_against_fact_bars(
        [
            charts.PlanFact(
                "1. Сувенірна продукція",
                Decimal("10000.00"),
                Decimal("4000.00"),
                Decimal("5000.00"),
            ),
            charts.PlanFact("5. Міжнародні зустрічі", Decimal("7000.00"), Decimal("7500.50")),
        ]
    )
    first, second = chart.groups
    assert [bar.kind for bar in first.bars] == ["planned", "financed", "spent"]
    # The biggest amount takes the whole bar area; widths are written with a dot (a style).
    assert first.bars[0].width == f"{charts.HTML_AREA:.2f}"
    assert first.bars[2].width == "24.00"
    assert first.bars[2].text == "використано: 4,00 (40,0\xa0%)"
    # Spending beyond the allotment is drawn in the other colour; a missing financing is zero.
    assert [bar.kind for bar in second.bars] == ["planned", "financed", "over"]
    assert second.bars[1].text.endswith(": 0,00") and second.bars[1].width == "0.30"
    assert [kind for kind, _label in chart.legend] == ["planned", "financed", "spent", "over"]

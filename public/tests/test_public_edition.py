"""The public edition of the adopted reports: what the rules hide is replaced by the line the
law gives, the rest (numbers, totals) is printed as adopted, and it is cached apart."""

import datetime
import subprocess

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from activities.models import AnnualReport, Event, Publication
from partners.models import Agreement, Partner
from public import selectors
from public.tests.builders import DAY, event, partner, withhold
from reports.documents import REGISTRY

pytestmark = pytest.mark.django_db

RESTRICTED = (
    "Інформацію обмежено відповідно до статті 6 Закону України «Про доступ до публічної "
    "інформації»."
)


def pdf_text(content):
    """The text of a PDF, its whitespace collapsed: a long title wraps over two lines."""
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.fixture
def year_2023(program):
    """A year with one event the public may read and one of each kind it may not."""
    institution = partner()
    person = partner("Іван Приватний", kind=Partner.Kind.OTHER)
    prospective = partner("Місто Майбутнє", status=Partner.Status.PROSPECTIVE)
    shown = event(program, title="Форум громад-партнерів")
    shown.partners.add(institution, person, prospective)
    withheld = event(program, title="Нарада про укриття", start_date=DAY, end_date=DAY)
    withhold(withheld)
    trip = event(
        program,
        title="Візит до Вроцлава",
        kind=Event.Kind.OUTGOING_DELEGATION,
        place=Event.Place.ABROAD,
        country="PL",
        city="Вроцлав",
        start_date=DAY + datetime.timedelta(days=20),
        end_date=DAY + datetime.timedelta(days=22),
    )
    for item in (shown, withheld, trip):
        item.directions.add(program.directions.order_by("number").first())
    for name, who in (("Угода з приватною особою", person), ("Меморандум з громадою", institution)):
        Agreement.objects.create(
            partner=who,
            title=name,
            status=Agreement.Status.SIGNED,
            signed_on=datetime.date(2023, 1, 10),
        )
    Publication.objects.create(
        program=program,
        event=withheld,
        channel=Publication.Channel.values[0],
        title="Допис про нараду про укриття",
        published_on=DAY,
    )
    AnnualReport.objects.create(
        program=program,
        year=2023,
        accepted_on=datetime.date(2024, 2, 20),
        decision_number="12/34",
    )
    return program


def _html(program, today):
    document = REGISTRY["annual-report"]
    context = document.get_context(program, 2023, edition=selectors.public_edition(today))
    return " ".join(render_to_string(document.pdf_template_name, context).split())


def test_the_public_edition_restricts_what_the_rules_hide_and_keeps_the_counts(year_2023):
    # The trip ended on 1 June 2023; a week's embargo keeps it restricted until 9 June.
    html = _html(year_2023, datetime.date(2023, 6, 5))
    assert "Форум громад-партнерів" in html
    assert "Гміна Тарнув" in html
    for hidden in (
        "Нарада про укриття",
        "Візит до Вроцлава",
        "Іван Приватний",
        "Місто Майбутнє",
        "Угода з приватною особою",
        "Допис про нараду",
    ):
        assert hidden not in html, hidden
    assert "Меморандум з громадою" in html
    # Two events, a private person's agreement and the publication; the partners in one line.
    assert html.count(RESTRICTED) == 5
    assert "1. " + RESTRICTED in html and "3. " + RESTRICTED in html
    assert "Ще 2 партнери: " + RESTRICTED in html
    # The figures as adopted: three events held, three partners.
    assert "У 2023 році проведено 3 заходи." in html
    assert "3 партнери" in html


def test_the_embargo_over_the_trip_is_named_again(year_2023):
    html = _html(year_2023, datetime.date(2023, 6, 10))
    assert "Візит до Вроцлава" in html
    assert "Нарада про укриття" not in html
    assert html.count(RESTRICTED) == 4


def test_the_staff_edition_restricts_nothing(year_2023):
    document = REGISTRY["annual-report"]
    html = render_to_string(document.pdf_template_name, document.get_context(year_2023, 2023))
    assert RESTRICTED not in html
    for shown in ("Нарада про укриття", "Візит до Вроцлава", "Іван Приватний", "Місто Майбутнє"):
        assert shown in html


def test_the_public_pdf_is_the_public_edition_and_is_not_the_staffs_cached_one(
    year_2023, as_user, controller
):
    # The staff's PDF first, so that a shared cache key would hand it to the public.
    staff = as_user(controller).get(reverse("reports:annual-report-pdf", args=[2023]))
    assert "Нарада про укриття" in pdf_text(staff.content)
    public = Client().get(reverse("public:annual-report-pdf", args=[2023]))
    text = pdf_text(public.content)
    assert "Нарада про укриття" not in text
    assert "Іван Приватний" not in text
    assert RESTRICTED in text
    assert "Форум громад-партнерів" in text

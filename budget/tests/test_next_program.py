"""The next program: started from the old one with what carries over; the ended one read-only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.models import Direction, Event, ExpectedResult, Indicator, Program
from budget.models import Expense, FundingSource, SpendingCategory
from partners.models import Agreement, Partner

pytestmark = pytest.mark.django_db

ALL_PARTS = ("sections", "directions", "results", "indicators", "categories")


def _indicator(program):
    return Indicator.objects.create(
        program=program,
        kind=Indicator.Kind.OUTPUT,
        name="Кількість делегацій",
        unit="од.",
        expected_result=program.expected_results.get(number=2),
        direction=program.directions.get(number=5),
    )


def _start(program, parts=ALL_PARTS, **extra):
    return services.start_next_program(
        source=program,
        title="Програма розвитку міжнародного співробітництва на 2025-2027 роки",
        short_title="Програма 2025–2027",
        start_year=2025,
        end_year=2027,
        decision_title="Про затвердження Програми",
        decision_number="12/45",
        decision_date=datetime.date(2024, 12, 20),
        parts=parts,
        **extra,
    )


def test_the_next_program_carries_over_the_chosen_structure(program):
    _indicator(program)
    new, copied = _start(program)

    assert new.status == Program.Status.DRAFT
    assert (new.start_year, new.end_year, new.decision_number) == (2025, 2027, "12/45")
    assert new.responsible_executor == program.responsible_executor
    assert set(new.co_developers.all()) == set(program.co_developers.all())
    assert copied == {
        "sections": program.sections.count(),
        "directions": 34,
        "results": 9,
        "indicators": 1,
        "categories": 9,
    }
    assert list(new.directions.values_list("number", "text")) == list(
        program.directions.values_list("number", "text")
    )
    assert list(new.categories.values_list("number", "name", "kekv")) == list(
        program.categories.values_list("number", "name", "kekv")
    )
    indicator = new.indicators.get()
    # Tied to the new program's items of the same numbers, without the old term's values.
    assert indicator.expected_result == new.expected_results.get(number=2)
    assert indicator.direction == new.directions.get(number=5)
    assert not indicator.values.exists()
    # Funding per year is entered anew.
    assert not new.funding.exists()
    # The old program keeps what it had.
    assert program.directions.count() == 34 and program.categories.count() == 9


def test_only_the_chosen_parts_carry_over(program):
    new, copied = _start(program, parts=("categories",))
    assert copied == {"categories": 9}
    assert not Direction.objects.filter(program=new).exists()
    assert not ExpectedResult.objects.filter(program=new).exists()
    assert SpendingCategory.objects.filter(program=new).count() == 9


def test_indicators_without_their_results_lose_the_tie(program):
    _indicator(program)
    new, _ = _start(program, parts=("indicators",))
    indicator = new.indicators.get()
    assert indicator.expected_result is None and indicator.direction is None


def test_a_term_overlapping_another_program_is_refused_and_nothing_is_written(program):
    before = Program.objects.count()
    with pytest.raises(ValidationError) as error:
        services.start_next_program(
            source=program, title="Інша", short_title="Інша", start_year=2024, end_year=2026
        )
    assert "start_year" in error.value.message_dict
    assert Program.objects.count() == before


def test_administrator_starts_the_next_program_from_the_page(program, as_user, administrator):
    client = as_user(administrator)
    url = reverse("activities:program-next", args=[program.pk])
    page = client.get(url).content.decode()
    # Proposed: the next term of the same length, everything carried over.
    assert 'value="2025"' in page and 'value="2027"' in page
    assert "2025–2027" in page
    response = client.post(
        url,
        {
            "title": "Програма на 2025-2027 роки",
            "short_title": "Програма 2025–2027",
            "start_year": "2025",
            "end_year": "2027",
            "decision_number": "12/45",
            "decision_date": "20.12.2024",
            "parts": ["directions", "categories"],
        },
    )
    new = Program.objects.get(start_year=2025)
    assert response.status_code == 302
    assert response.url == reverse("activities:program-update", args=[new.pk])
    assert new.directions.count() == 34 and new.categories.count() == 9
    assert not new.expected_results.exists()
    # The workspace moves to the new program.
    assert client.get(reverse("budget:budget")).context["program"] == new


def test_the_page_says_why_a_term_is_refused(program, as_user, administrator):
    response = as_user(administrator).post(
        reverse("activities:program-next", args=[program.pk]),
        {"title": "Т", "short_title": "Т", "start_year": "2024", "end_year": "2023"},
    )
    assert response.status_code == 200
    assert "Рік завершення не може бути раніше року початку" in response.content.decode()
    assert not Program.objects.filter(title="Т").exists()


def test_editor_cannot_start_the_next_program(program, as_user, editor):
    url = reverse("activities:program-next", args=[program.pk])
    assert as_user(editor).get(url).status_code == 403


def test_valid_agreements_show_under_the_new_program_at_once(program, as_user, editor):
    partner = Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув")
    Agreement.objects.create(
        partner=partner,
        title="Договір про партнерство",
        number="1/МС",
        signed_on=datetime.date(2022, 1, 1),
        valid_until=datetime.date(2030, 1, 1),
    )
    new, _ = _start(program)
    client = as_user(editor)
    client.post(reverse("switch-workspace"), {"workspace": f"{new.pk}:2026", "next": "/"})
    assert (
        "Договір про партнерство" in client.get(reverse("partners:agreement-list")).content.decode()
    )


# The ended program ------------------------------------------------------------------------


@pytest.fixture
def ended(program):
    """2022–2024 completed, with an event and an expense; 2025–2027 current."""
    event = Event.objects.create(
        program=program,
        title="Візит делегації з Тарнува",
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(2023, 5, 10),
        end_date=datetime.date(2023, 5, 11),
        place=Event.Place.MENA,
    )
    expense = Expense.objects.create(
        category=program.categories.get(number=3),
        source=FundingSource.objects.get(code="community_budget"),
        date=datetime.date(2023, 5, 10),
        amount=500,
        counterparty="ТОВ «Менатранс»",
    )
    new, _ = _start(program)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.COMPLETED)
    Program.objects.filter(pk=new.pk).update(status=Program.Status.ACTIVE)
    return {"program": program, "new": new, "event": event, "expense": expense}


def _in(client, program, year):
    client.post(reverse("switch-workspace"), {"workspace": f"{program.pk}:{year}", "next": "/"})
    return client


@pytest.mark.parametrize(
    "name,record",
    [
        ("activities:event-update", "event"),
        ("activities:event-held", "event"),
        ("activities:eventfile-create", "event"),
        ("budget:expense-update", "expense"),
        ("activities:event-create", None),
        ("activities:publication-create", None),
        ("budget:expense-create", None),
        ("budget:financing-create", None),
    ],
)
def test_editor_cannot_change_an_ended_program(ended, as_user, editor, name, record):
    client = _in(as_user(editor), ended["program"], 2023)
    url = reverse(name, args=[ended[record].pk] if record else [])
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code == 403
        assert "Програма завершена" in response.content.decode()
    assert Event.objects.get(pk=ended["event"].pk).status == Event.Status.PLANNED


def test_editor_still_edits_the_current_program_and_writes_the_old_years_narrative(
    ended, as_user, editor
):
    client = _in(as_user(editor), ended["new"], 2026)
    assert client.get(reverse("activities:event-create")).status_code == 200
    _in(client, ended["program"], 2024)
    narrative = reverse("reports:annual-report-narrative", args=[2024])
    assert client.get(narrative).status_code == 200


def test_administrator_may_still_correct_an_ended_program(ended, as_user, administrator):
    client = _in(as_user(administrator), ended["program"], 2023)
    url = reverse("activities:event-update", args=[ended["event"].pk])
    assert client.get(url).status_code == 200


def test_nothing_is_imported_into_an_ended_program_but_partners(ended, as_user, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _in(as_user(editor), ended["program"], 2023)
    header = "Дата;Сума, грн;Напрям використання коштів;Джерело фінансування;Контрагент\n"
    upload = SimpleUploadedFile("expenses.csv", header.encode())
    response = client.post(reverse("imports:start"), {"kind": "expenses", "file": upload})
    assert response.status_code == 200
    assert "завершена" in response.content.decode()


def test_the_switch_marks_the_current_and_the_completed_program(ended, as_user, editor):
    client = as_user(editor)
    page = client.get(reverse("activities:event-list")).content.decode()
    assert f'label="{ended["new"]} · чинна"' in page
    assert f'label="{ended["program"]} · завершена"' in page
    assert 'data-testid="program-state">чинна<' in page
    page = _in(client, ended["program"], 2023).get(reverse("activities:event-list")).content
    assert 'data-testid="program-state" title="Лише для читання для редакторів">завершена<' in (
        page.decode()
    )


# Pages whose «new», «edit» and «import» would lead an editor to a refusal, and the address
# each would lead to.
OFFERED = {
    "activities:event-list": lambda w: reverse("activities:event-create"),
    "activities:publication-list": lambda w: reverse("activities:publication-create"),
    "budget:expense-list": lambda w: reverse("budget:expense-update", args=[w["expense"].pk]),
    "budget:budget": lambda w: reverse("budget:expense-create"),
    "budget:financing-list": lambda w: reverse("budget:financing-create"),
    "home": lambda w: reverse("activities:event-create"),
}


def test_editor_is_not_offered_to_change_an_ended_program(ended, as_user, editor):
    client = _in(as_user(editor), ended["program"], 2023)
    for name, link in OFFERED.items():
        page = client.get(reverse(name)).content.decode()
        assert f'href="{link(ended)}' not in page, name
    event = client.get(reverse("activities:event-detail", args=[ended["event"].pk])).content
    for refused in ("activities:event-update", "activities:event-held"):
        assert reverse(refused, args=[ended["event"].pk]) not in event.decode()
    # The import page offers only what belongs to the council, not to the program.
    kinds = client.get(reverse("imports:start")).context["form"].fields["kind"].choices
    assert [slug for slug, _label in kinds] == ["partners"]


def test_the_same_pages_offer_it_in_the_current_program_and_to_administrators(
    ended, as_user, editor, administrator
):
    for user, program, year in (
        (editor, ended["new"], 2026),
        (administrator, ended["program"], 2023),
    ):
        client = _in(as_user(user), program, year)
        page = client.get(reverse("activities:event-list")).content.decode()
        assert f'href="{reverse("activities:event-create")}' in page
    event = client.get(reverse("activities:event-detail", args=[ended["event"].pk])).content
    assert reverse("activities:event-update", args=[ended["event"].pk]) in event.decode()

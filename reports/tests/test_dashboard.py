"""The execution dashboard: who sees it, which period it shows, and that its figures add up."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from activities import amendments
from activities.models import (
    Amendment,
    Event,
    Indicator,
    IndicatorValue,
    Participant,
    Program,
    Publication,
)
from budget.models import BudgetAllocation, Expense, FundingSource
from partners.models import Agreement, Contact, Partner

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")


def test_every_role_sees_the_dashboard(program, client, controller, editor, administrator):
    for user in (controller, editor, administrator):
        client.force_login(user)
        response = client.get(DASHBOARD)
        assert response.status_code == 200, user
        assert "Панель виконання програми у 2024 році" in response.content.decode()


def test_controller_gets_no_edit_buttons(program, as_user, controller):
    page = as_user(controller).get(DASHBOARD).content.decode()
    assert reverse("partners:partner-create") not in page
    assert "/admin/" not in page.split('id="content"')[1]


def test_year_defaults_to_the_workspace_year(program, as_user, controller):
    client = as_user(controller)
    client.post(reverse("switch-workspace"), {"workspace": f"{program.pk}:2023"})
    assert client.get(DASHBOARD).context["year"] == 2023


def test_whole_term_and_a_chosen_year(program, as_user, controller):
    client = as_user(controller)
    assert client.get(DASHBOARD, {"year": "all"}).context["year"] is None
    assert client.get(DASHBOARD, {"year": "2022"}).context["year"] == 2022


def test_a_year_outside_the_term_is_not_found(program, as_user, controller):
    client = as_user(controller)
    for year in ("2021", "2025", "two", "-1"):
        assert client.get(DASHBOARD, {"year": year}).status_code == 404, year


def test_the_period_choice_is_labelled(program, as_user, controller):
    page = as_user(controller).get(DASHBOARD).content.decode()
    assert 'for="dashboard-year"' in page
    assert 'id="dashboard-year"' in page


def test_a_program_with_no_data_shows_zeros_and_every_direction_as_idle(
    program, as_user, controller
):
    response = as_user(controller).get(DASHBOARD, {"year": "2024"})
    assert response.status_code == 200
    context = response.context
    assert context["money"].spent == 0
    assert context["money"].approved == Decimal("300000.00")
    assert len(context["idle_directions"]) == 34
    assert context["events_total"].held == 0
    assert context["dormant_partners"] == []


def test_without_a_program_the_page_says_so(empty_database, as_user, controller):
    assert not Program.objects.exists()
    page = as_user(controller).get(DASHBOARD).content.decode()
    assert "Програму ще не завантажено." in page


# --- Figures against hand-computed sums on a small fixed data set ---------------------------


@pytest.fixture
def small_set(program):
    """Money in 2022 and 2023, four events, an indicator, three partners, publications."""
    community = FundingSource.objects.get(code="community_budget")
    other = FundingSource.objects.get(code="other")
    first = program.categories.get(number=1)
    fifth = program.categories.get(number=5)
    for category, year, source, amount in [
        (first, 2022, community, "1000.00"),
        (first, 2023, community, "10000.00"),
        (fifth, 2023, community, "5000.00"),
        (fifth, 2023, other, "2000.00"),
    ]:
        BudgetAllocation.objects.create(
            category=category, year=year, source=source, amount=Decimal(amount)
        )
    for category, day, source, amount in [
        (first, datetime.date(2022, 11, 3), community, "300.00"),
        (first, datetime.date(2023, 3, 1), community, "2500.50"),
        (first, datetime.date(2023, 3, 31), community, "1499.50"),
        (fifth, datetime.date(2023, 7, 10), community, "6000.00"),
        (fifth, datetime.date(2023, 7, 11), other, "500.00"),
    ]:
        Expense.objects.create(category=category, date=day, source=source, amount=Decimal(amount))

    def event(kind, status, day, direction, **extra):
        made = Event.objects.create(
            program=program,
            title=f"{kind} {day}",
            kind=kind,
            status=status,
            start_date=day,
            end_date=day,
            place=Event.Place.ABROAD if kind == Event.Kind.OUTGOING_DELEGATION else "mena",
            country="PL" if kind == Event.Kind.OUTGOING_DELEGATION else "",
            **extra,
        )
        made.directions.add(program.directions.get(number=direction))
        return made

    held = event(Event.Kind.INCOMING_DELEGATION, "held", datetime.date(2023, 5, 4), 1)
    for name, young in [("Ян Новак", True), ("Ева Ковальська", False), ("Петро Бондар", False)]:
        Participant.objects.create(event=held, full_name=name, is_youth=young)
    event(
        Event.Kind.OUTGOING_DELEGATION,
        "held",
        datetime.date(2022, 9, 1),
        1,
        participant_count=10,
        youth_count=4,
    )
    event(Event.Kind.YOUTH_EXCHANGE, "planned", datetime.date(2023, 8, 1), 2)
    event(Event.Kind.INCOMING_DELEGATION, "cancelled", datetime.date(2023, 6, 1), 3)

    indicator = Indicator.objects.create(
        program=program,
        kind=Indicator.Kind.OUTPUT,
        name="Кількість проведених заходів",
        unit="од.",
        expected_result=program.expected_results.get(number=1),
    )
    IndicatorValue.objects.create(
        indicator=indicator, year=2023, target=Decimal("10"), actual=Decimal("7")
    )

    today = timezone.localdate()
    tarnow = Partner.objects.create(kind="community", name_uk="Гміна Тарнув", country="PL")
    Agreement.objects.create(
        partner=tarnow,
        title="Угода про партнерство",
        signed_on=today - datetime.timedelta(days=700),
        valid_until=today + datetime.timedelta(days=30),
    )
    Contact.objects.create(
        partner=tarnow, full_name="Ян Ковальський", last_contacted_on=today - datetime.timedelta(10)
    )
    lovech = Partner.objects.create(kind="city", name_uk="Місто Ловеч", country="BG")
    Contact.objects.create(
        partner=lovech, full_name="Іван Петров", last_contacted_on=today - datetime.timedelta(800)
    )
    Partner.objects.create(
        kind="city", name_uk="Місто Габрово", country="BG", status=Partner.Status.SUSPENDED
    )
    for day, channel in [
        (datetime.date(2023, 5, 5), "website"),
        (datetime.date(2023, 5, 6), "website"),
        (datetime.date(2022, 9, 2), "social"),
    ]:
        Publication.objects.create(
            program=program, channel=channel, title=f"Новина {day}", published_on=day
        )
    return program


def test_money_of_a_year_by_layer_category_source_and_month(small_set, as_user, controller):
    context = as_user(controller).get(DASHBOARD, {"year": "2023"}).context
    money = context["money"]
    assert (money.approved, money.allotted, money.spent) == (
        Decimal("300000.00"),
        Decimal("17000.00"),
        Decimal("10500.00"),
    )
    assert money.percent_used == Decimal("61.8")
    assert money.difference == Decimal("-6500.00")
    categories = {category.number: line for category, line in context["by_category"]}
    assert (categories[1].allotted, categories[1].spent) == (Decimal("10000"), Decimal("4000"))
    assert categories[1].percent_used == Decimal("40.0")
    assert (categories[5].allotted, categories[5].spent) == (Decimal("7000"), Decimal("6500"))
    assert categories[5].percent_used == Decimal("92.9")
    assert categories[2].allotted == categories[2].spent == 0
    sources = {source.code: line for source, line in context["by_source"]}
    assert (sources["community_budget"].approved, sources["community_budget"].spent) == (
        Decimal("300000.00"),
        Decimal("10000.00"),
    )
    assert (sources["other"].allotted, sources["other"].spent) == (
        Decimal("2000.00"),
        Decimal("500.00"),
    )
    months = dict(context["by_month"])
    assert len(months) == 12
    assert months[datetime.date(2023, 3, 1)] == Decimal("4000.00")
    assert months[datetime.date(2023, 7, 1)] == Decimal("6500.00")
    assert months[datetime.date(2023, 1, 1)] == 0


def test_money_of_the_whole_term(small_set, as_user, controller):
    context = as_user(controller).get(DASHBOARD, {"year": "all"}).context
    money = context["money"]
    assert (money.approved, money.allotted, money.spent) == (
        Decimal("800000.00"),
        Decimal("18000.00"),
        Decimal("10800.00"),
    )
    by_year = {line.label: line for line in context["money_by_year"]}
    assert by_year["2022"].spent == Decimal("300.00")
    assert by_year["2024"].allotted == 0
    assert len(context["by_month"]) == 36
    categories = {category.number: line for category, line in context["by_category"]}
    assert categories[1].allotted == Decimal("11000.00")
    assert categories[1].spent == Decimal("4300.00")


def test_amounts_are_shown_in_thousands_as_the_council_writes_them(small_set, as_user, controller):
    page = as_user(controller).get(DASHBOARD, {"year": "2023"}).content.decode()
    assert "17,00 тис. грн" in page
    assert "10,50 тис. грн" in page
    assert "61,8\xa0%" in page
    assert "40,0\xa0%" in page


def test_directions_held_in_the_year_and_the_term(small_set, as_user, controller):
    context = as_user(controller).get(DASHBOARD, {"year": "2023"}).context
    lines = {line.number: line for line in context["directions"]}
    assert (lines[1].held_in_period, lines[1].held_in_term) == (1, 2)
    # Planned and cancelled events do not move a direction.
    assert lines[2].held_in_period == lines[3].held_in_period == 0
    idle = [line.number for line in context["idle_directions"]]
    assert idle == [number for number in range(1, 35) if number != 1]


def test_delegations_participants_and_young_people(small_set, as_user, controller):
    client = as_user(controller)
    year = client.get(DASHBOARD, {"year": "2023"}).context
    assert (year["incoming"].held, year["incoming"].cancelled) == (1, 1)
    assert (year["incoming"].participants, year["incoming"].youth) == (3, 1)
    assert year["outgoing"].held == 0
    kinds = {line.kind: line for line in year["by_kind"]}
    assert kinds["youth_exchange"].planned == 1
    assert (year["events_total"].held, year["events_total"].planned) == (1, 1)
    term = client.get(DASHBOARD, {"year": "all"}).context
    # An event that only counts its people (10, of them 4 young) counts them.
    assert (term["outgoing"].held, term["outgoing"].participants, term["outgoing"].youth) == (
        1,
        10,
        4,
    )
    assert term["events_total"].participants == 13


def test_indicators_target_against_actual_per_year(small_set, as_user, controller):
    context = as_user(controller).get(DASHBOARD, {"year": "2023"}).context
    first = context["results"][0]
    assert first.number == 1
    [indicator] = first.indicators
    assert [(value.year, value.target, value.actual) for value in indicator.values] == [
        (2022, None, None),
        (2023, Decimal("10.00"), Decimal("7.00")),
        (2024, None, None),
    ]
    # 7 of 10: short of the target, shown in red; the years with nothing entered are not.
    assert [value.achievement.falls_short for value in indicator.values] == [False, True, False]
    assert all(result.indicators == [] for result in context["results"][1:])


def test_partners_agreements_and_dormant_partners(small_set, as_user, controller):
    response = as_user(controller).get(DASHBOARD)
    context = response.context
    assert context["active_partners"] == 2
    assert [(kind, count) for kind, _, count in context["partners_by_kind"]] == [
        ("community", 1),
        ("city", 1),
    ]
    assert [(code, count) for code, _, count in context["partners_by_country"]] == [
        ("BG", 1),
        ("PL", 1),
    ]
    assert [a.partner.name_uk for a in context["expiring_agreements"]] == ["Гміна Тарнув"]
    assert [p.name_uk for p in context["dormant_partners"]] == ["Місто Ловеч"]


def test_publications_of_the_period(small_set, as_user, controller):
    context = as_user(controller).get(DASHBOARD, {"year": "2023"}).context
    assert context["publications_total"] == 2
    assert {c: n for c, _, n in context["publications_by_channel"]}["website"] == 2
    assert len(context["recent_publications"]) == 2


def test_figures_link_to_the_partner_list_behind_them(small_set, as_user, controller):
    page = as_user(controller).get(DASHBOARD).content.decode()
    assert 'href="/partners/?kind=community&amp;status=active"' in page
    assert 'href="/partners/?country=BG&amp;status=active"' in page
    assert 'href="/partners/?status=active"' in page


def test_list_links_are_left_out_while_their_pages_do_not_exist(small_set, as_user, controller):
    from reports.templatetags.report_links import figure, list_url

    assert list_url("reports:no-such-page", year=2023) == ""
    assert figure("<b>5</b>", "reports:no-such-page") == "&lt;b&gt;5&lt;/b&gt;"
    assert list_url("partners:partner-list", kind="city", country=None) == "/partners/?kind=city"


def test_the_page_carries_the_three_charts_with_text_alternatives(small_set, as_user, controller):
    page = as_user(controller).get(DASHBOARD, {"year": "2023"}).content.decode()
    assert page.count('role="img"') == 3
    assert page.count("<title id=") == 3
    assert "<desc id=" in page


# --- A fixed number of queries at any scale --------------------------------------------------

# Two of them the amendments' changes: the approved amounts as in force in the year, and the
# wording and term in force. And one the thresholds of the partner figures (partners.thresholds).
QUERIES = 28


@pytest.mark.parametrize("scale", [0, 1, 2])
def test_queries_do_not_grow_with_the_data(
    program, as_user, controller, django_assert_max_num_queries, scale
):
    if scale:
        call_command("generate_demo_data", scale=scale, verbosity=0, next_program=False)
    client = as_user(controller)
    for year in ("2023", "all"):
        with django_assert_max_num_queries(QUERIES):
            response = client.get(DASHBOARD, {"year": year})
        assert response.status_code == 200
    if scale:
        assert response.context["events_total"].held > 0


# --- The version in force ---------------------------------------------------------------------


def test_the_dashboard_shows_the_wording_and_term_in_force_in_the_year(
    program, as_user, controller
):
    old_direction = program.directions.get(number=3).text
    old_result = program.expected_results.get(number=1).text
    amendment = Amendment.objects.create(
        program=program, title="Про внесення змін", status=Amendment.Status.DRAFT
    )
    for kind, target, new in (
        ("item", {"list": "directions", "number": 3}, "Молодіжні обміни з громадами-партнерами"),
        ("item", {"list": "expected_results", "number": 1}, "Нові партнерства"),
        ("term", {}, {"start": 2022, "end": 2025}),
    ):
        amendments.add_change(amendment=amendment, kind=kind, target=target, new=new)
    amendments.adopt(
        amendment=amendment,
        decision_number="21/4",
        decision_date=datetime.date(2024, 3, 1),
        act_kind=Amendment.ActKind.COUNCIL_DECISION,
    )
    client = as_user(controller)

    before = client.get(DASHBOARD, {"year": "2023"})
    assert (before.context["program"].start_year, before.context["program"].end_year) == (
        2022,
        2024,
    )
    lines = {line.number: line.text for line in before.context["directions"]}
    results = {line.number: line.text for line in before.context["results"]}
    assert (lines[3], results[1]) == (old_direction, old_result)
    assert "Весь строк 2022–2024" in before.content.decode()
    # Every year of the live term stays reachable.
    assert before.context["years"] == [2022, 2023, 2024, 2025]

    after = client.get(DASHBOARD, {"year": "2024"})
    assert after.context["program"].end_year == 2025
    lines = {line.number: line.text for line in after.context["directions"]}
    results = {line.number: line.text for line in after.context["results"]}
    assert lines[3] == "Молодіжні обміни з громадами-партнерами"
    assert results[1] == "Нові партнерства"

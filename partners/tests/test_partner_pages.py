"""The partner pages: who may see and edit them, search, filters, and the sums they show."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Event
from budget.models import Expense, FundingSource
from partners.models import Agreement, Contact, Partner

pytestmark = pytest.mark.django_db

LIST = reverse("partners:partner-list")
CREATE = reverse("partners:partner-create")


def _partner(name="Гміна Тарнув", **extra):
    return Partner.objects.create(
        kind=extra.pop("kind", Partner.Kind.COMMUNITY),
        name_uk=name,
        country=extra.pop("country", "PL"),
        **extra,
    )


def _valid_agreement(partner, number="1"):
    return Agreement.objects.create(
        partner=partner,
        title="Угода про партнерство",
        number=number,
        signed_on=datetime.date(2022, 1, 1),
    )


def _form_data(**extra):
    return {
        "kind": Partner.Kind.CITY,
        "name_uk": "Місто Ловеч",
        "name_original": "Град Ловеч",
        "country": "BG",
        "region": "",
        "status": Partner.Status.ACTIVE,
        "website": "",
        "email": "",
        "note": "",
        **extra,
    }


def test_controller_sees_list_and_detail_without_edit_links(as_user, controller):
    partner = _partner()
    client = as_user(controller)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert "Гміна Тарнув" in listing.content.decode()
    assert CREATE not in listing.content.decode()
    detail = client.get(reverse("partners:partner-detail", args=[partner.pk]))
    assert detail.status_code == 200
    assert reverse("partners:partner-update", args=[partner.pk]) not in detail.content.decode()


def test_controller_cannot_create_or_edit_partner(as_user, controller):
    partner = _partner()
    client = as_user(controller)
    assert client.post(CREATE, _form_data()).status_code == 403
    update = reverse("partners:partner-update", args=[partner.pk])
    assert client.post(update, _form_data(name_uk="Інша назва")).status_code == 403
    assert list(Partner.objects.values_list("name_uk", flat=True)) == ["Гміна Тарнув"]


def test_editor_sees_edit_link_on_detail(as_user, editor):
    partner = _partner()
    detail = as_user(editor).get(reverse("partners:partner-detail", args=[partner.pk]))
    assert reverse("partners:partner-update", args=[partner.pk]) in detail.content.decode()


def test_editor_creates_partner_with_cyrillic_name_and_lands_on_its_page(as_user, editor):
    response = as_user(editor).post(CREATE, _form_data(), follow=True)
    partner = Partner.objects.get()
    assert partner.name_uk == "Місто Ловеч"
    assert response.redirect_chain == [(reverse("partners:partner-detail", args=[partner.pk]), 302)]
    assert "Партнера «Місто Ловеч» додано." in response.content.decode()


def test_editor_updates_partner(as_user, editor):
    partner = _partner()
    update = reverse("partners:partner-update", args=[partner.pk])
    response = as_user(editor).post(update, _form_data(name_uk="Гміна Тарнув-2"))
    assert response.status_code == 302
    assert response.url == reverse("partners:partner-detail", args=[partner.pk])
    partner.refresh_from_db()
    assert partner.name_uk == "Гміна Тарнув-2"


def test_invalid_form_keeps_typed_values_and_explains_in_ukrainian(as_user, editor):
    response = as_user(editor).post(CREATE, _form_data(name_uk="", region="Ловешка область"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Це поле обов" in page
    assert 'value="Ловешка область"' in page
    assert 'value="Град Ловеч"' in page
    assert not Partner.objects.exists()


def test_search_finds_cyrillic_names_whatever_their_case(as_user, controller):
    _partner("Гміна Тарнув")
    _partner("Місто Ловеч", country="BG")
    page = as_user(controller).get(LIST, {"q": "тарн"}).content.decode()
    assert "Гміна Тарнув" in page
    assert "Місто Ловеч" not in page


def test_the_country_choice_offers_the_partners_countries(as_user, controller):
    _partner("Гміна Тарнув")
    _partner("Місто Ловеч", country="BG")
    client = as_user(controller)
    choices = dict(client.get(LIST).context["filter_form"].fields["country"].choices)
    assert set(choices) == {"", "PL", "BG"}
    # A link to a country with no partners keeps its filter and finds nobody.
    response = client.get(LIST, {"country": "FR"})
    assert list(response.context["partners"]) == []


def test_filter_by_valid_agreement(as_user, controller):
    _valid_agreement(_partner("Гміна Тарнув"))
    _partner("Місто Ловеч", country="BG")
    client = as_user(controller)
    with_agreement = client.get(LIST, {"has_valid_agreement": "yes"}).content.decode()
    assert "Гміна Тарнув" in with_agreement and "Місто Ловеч" not in with_agreement
    without = client.get(LIST, {"has_valid_agreement": "no"}).content.decode()
    assert "Місто Ловеч" in without and "Гміна Тарнув" not in without


def test_pagination_links_keep_the_filters(as_user, controller):
    for number in range(30):
        _partner(f"Партнер {number:02}", country="DE")
    page = as_user(controller).get(LIST, {"country": "DE"}).content.decode()
    assert "country=DE" in page.split("pagination")[1]
    assert "page=2" in page


def _partners_with_everything(program, count):
    for number in range(count):
        partner = _partner(f"Партнер {number:03}")
        _valid_agreement(partner)
        Contact.objects.create(partner=partner, full_name=f"Особа {number}")
        event = Event.objects.create(
            program=program,
            title=f"Зустріч {number}",
            kind=Event.Kind.ONLINE_MEETING,
            status=Event.Status.HELD,
            start_date=datetime.date(2023, 3, 1),
            end_date=datetime.date(2023, 3, 1),
            place=Event.Place.ONLINE,
        )
        event.partners.add(partner)


@pytest.mark.parametrize("count", [1, 50])
def test_list_queries_do_not_grow_with_partners(
    program, as_user, controller, django_assert_max_num_queries, count
):
    _partners_with_everything(program, count)
    client = as_user(controller)
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["partners"]) == min(count, 25)


def test_detail_shows_money_spent_on_the_partners_events(
    program, as_user, controller, django_assert_max_num_queries
):
    partner = _partner()
    other = _partner("Місто Ловеч", country="BG")
    Contact.objects.create(
        partner=partner, full_name="Ян Ковальський", last_contacted_on=datetime.date(2023, 1, 5)
    )
    category = program.categories.get(number=7)
    source = FundingSource.objects.get(code="community_budget")

    def event(title, day, *partners):
        made = Event.objects.create(
            program=program,
            title=title,
            kind=Event.Kind.INCOMING_DELEGATION,
            status=Event.Status.HELD,
            start_date=day,
            end_date=day,
            place=Event.Place.MENA,
        )
        made.partners.add(*partners)
        return made

    def expense(on_event, amount):
        Expense.objects.create(
            category=category,
            source=source,
            date=on_event.start_date,
            amount=amount,
            event=on_event,
        )

    visit = event("Візит делегації з Тарнува", datetime.date(2023, 5, 10), partner)
    forum = event("Форум громад", datetime.date(2023, 9, 1), partner, other)
    elsewhere = event("Візит з Ловеча", datetime.date(2023, 10, 1), other)
    expense(visit, Decimal("15234.50"))
    expense(visit, Decimal("1000.25"))
    expense(forum, Decimal("500.00"))
    expense(elsewhere, Decimal("99999.00"))

    client = as_user(controller)
    with django_assert_max_num_queries(14):  # +2: the history and its users
        response = client.get(reverse("partners:partner-detail", args=[partner.pk]))
    assert response.context["spent"] == Decimal("15234.50") + Decimal("1000.25") + Decimal("500")
    assert response.context["last_contact_on"] == datetime.date(2023, 9, 1)
    page = response.content.decode()
    assert "16\xa0734,75 грн" in page or "16 734,75 грн" in page
    assert "Візит з Ловеча" not in page


def test_every_filter_and_form_input_is_labelled(as_user, editor):
    client = as_user(editor)
    listing = client.get(LIST).content.decode()
    for name in ("q", "kind", "country", "status", "has_valid_agreement"):
        assert f'for="id_{name}"' in listing
    form = client.get(CREATE).content.decode()
    for name in ("kind", "name_uk", "name_original", "country", "region", "status", "website"):
        assert f'for="id_{name}"' in form


def test_the_country_filter_follows_the_alphabet_of_the_page_language(as_user, controller):
    for code in ("PL", "DE", "EE", "IE", "GE"):
        Partner.objects.create(kind=Partner.Kind.COMMUNITY, name_uk=f"Партнер {code}", country=code)
    client = as_user(controller)
    page = client.get(reverse("partners:partner-list")).content.decode()
    options = page[page.index('name="country"') :]
    order = [
        options.index(name) for name in ("Грузія", "Естонія", "Ірландія", "Німеччина", "Польща")
    ]
    assert order == sorted(order)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("partners:partner-list")).content.decode()
    options = page[page.index('name="country"') :]
    order = [options.index(name) for name in ("Estonia", "Georgia", "Germany", "Ireland", "Poland")]
    assert order == sorted(order)


def test_the_partner_page_says_how_alive_the_partnership_is(as_user, controller, program):
    today = datetime.date.today()
    quiet = _partner("Місто Тихе")
    page = as_user(controller).get(reverse("partners:partner-detail", args=[quiet.pk]))
    assert "згасло" in page.content.decode()  # no event, no contact

    # In touch lately, an agreement in force, but no event this year: needs attention.
    lively = _partner("Гміна Жвава", status=Partner.Status.ACTIVE)
    Contact.objects.create(
        partner=lively,
        full_name="Ян Ковальський",
        last_contacted_on=today - datetime.timedelta(days=10),
    )
    Agreement.objects.create(
        partner=lively, title="Договір", signed_on=today - datetime.timedelta(days=30)
    )
    event = Event.objects.create(
        program=program,
        title="Візит делегації",
        kind=Event.Kind.INCOMING_DELEGATION,
        status=Event.Status.HELD,
        start_date=datetime.date(2024, 5, 10),
        end_date=datetime.date(2024, 5, 10),
        place=Event.Place.MENA,
    )
    event.partners.add(lively)
    content = (
        as_user(controller).get(reverse("partners:partner-detail", args=[lively.pk])).content
    ).decode()
    health = content[content.index('data-testid="health"') :]
    assert "потребує уваги" in health
    assert "<svg" in health and "Заходи з Гміна Жвава за роками" in health


def test_a_long_partnership_lists_its_latest_events_and_counts_them_all(
    program, as_user, controller
):
    partner = _partner()
    first = datetime.date(2022, 1, 3)
    for number in range(30):
        day = first + datetime.timedelta(days=7 * number)
        event = Event.objects.create(
            program=program,
            title=f"Зустріч {number + 1:02d}",
            kind=Event.Kind.INCOMING_DELEGATION,
            status=Event.Status.HELD,
            start_date=day,
            end_date=day,
            place=Event.Place.MENA,
        )
        event.partners.add(partner)
    response = as_user(controller).get(reverse("partners:partner-detail", args=[partner.pk]))
    page = response.content.decode()
    assert [event.title for event in response.context["events"]][:2] == ["Зустріч 30", "Зустріч 29"]
    assert len(response.context["events"]) == 25
    assert "Зустріч 05" not in page
    assert "Останні 25 з 30 заходів." in page
    assert f"?partner={partner.pk}&amp;year=all" in page

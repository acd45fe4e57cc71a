"""The public pages: open to anyone, in Ukrainian and English, without what is withheld."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import resolve, reverse

from activities.models import AnnualReport, Event
from budget.models import Expense, FundingSource
from conftest import finance
from public.models import Withholding
from public.tests.builders import event, partner, withhold

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(program):
    institution = partner()
    held = event(program, title="Форум громад-партнерів")
    held.partners.add(institution)
    held.directions.add(program.directions.order_by("number").first())
    held.participants.create(full_name="Олена Шевченко", side="partner", role="Перекладач")
    return {"program": program, "event": held, "partner": institution}


def _pages(data):
    return [
        reverse("home"),
        reverse("public:home"),
        reverse("public:program"),
        reverse("public:execution", args=[2023]),
        reverse("public:documents"),
        reverse("public:event-list"),
        reverse("public:event-detail", args=[data["event"].pk]),
        reverse("public:partner-list"),
        reverse("public:partner-detail", args=[data["partner"].pk]),
        reverse("public:feed"),
        reverse("public:sitemap"),
    ]


def test_a_visitor_reads_every_public_page_without_signing_in(published):
    client = Client()
    for url in _pages(published):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Форум громад-партнерів" in client.get(reverse("public:event-list")).content.decode()


def test_the_home_links_every_public_page(published):
    html = Client().get(reverse("home")).content.decode()
    for name in ("program", "documents", "event-list", "partner-list", "feed", "sitemap"):
        assert reverse(f"public:{name}") in html
    assert reverse("public:execution", args=[2022]) in html
    assert reverse("open-data") in html
    assert reverse("login") in html
    assert "Увійти" in html


def test_staff_still_land_on_their_workspace(published, as_user, editor):
    response = as_user(editor).get(reverse("home"))
    assert response.status_code == 200
    assert "reports/home.html" in [t.name for t in response.templates]


def test_the_event_page_shows_counts_but_no_names(published):
    html = Client().get(reverse("public:event-detail", args=[published["event"].pk])).content
    html = html.decode()
    assert "Форум громад-партнерів" in html
    assert "Гміна Тарнув" in html
    assert "Олена Шевченко" not in html
    assert "Перекладач" not in html


def test_the_english_version_is_in_english(published):
    client = Client()
    response = client.get(reverse("public:language") + "?language=en&next=/public/program/")
    assert response.status_code == 302
    assert response["Location"] == "/public/program/"
    html = client.get(reverse("public:program")).content.decode()
    assert '<html lang="en">' in html
    assert "Passport of the program" in html
    assert "Паспорт програми" not in client.get(reverse("public:program")).content.decode()
    ukrainian = Client().get(reverse("public:program")).content.decode()
    assert '<html lang="uk">' in ukrainian
    assert "Паспорт програми" in ukrainian


def test_the_language_switch_goes_nowhere_else(published):
    response = Client().get(reverse("public:language") + "?language=en&next=https://evil.example/")
    assert response["Location"] == reverse("public:home")


def test_a_withheld_event_and_partner_are_gone_from_pages_feed_sitemap_and_api(published):
    client = Client()
    withhold(published["event"])
    withhold(published["partner"])
    for url in [
        *_pages(published)[:6],
        reverse("public:partner-list"),
        reverse("public:feed"),
        reverse("public:sitemap"),
        reverse("api:event-list"),
        reverse("api:partner-list"),
    ]:
        text = client.get(url).content.decode()
        text = json.dumps(json.loads(text), ensure_ascii=False) if url.startswith("/api/") else text
        assert "Форум громад-партнерів" not in text, url
        assert "Гміна Тарнув" not in text, url
    for url in (
        reverse("public:event-detail", args=[published["event"].pk]),
        reverse("public:partner-detail", args=[published["partner"].pk]),
        reverse("api:event-detail", args=[published["event"].pk]),
        reverse("api:partner-detail", args=[published["partner"].pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_an_event_before_its_embargo_ends_is_nowhere(program):
    today = datetime.date.today()
    # A program whose term covers today, so that the event can end yesterday.
    current = type(program).objects.create(
        title="Програма поточна",
        short_title="поточна",
        start_year=today.year - 1,
        end_year=today.year + 1,
        status=program.Status.ACTIVE,
    )
    yesterday = today - datetime.timedelta(days=1)
    trip = event(
        current,
        title="Поїздка делегації до Вроцлава",
        kind=Event.Kind.OUTGOING_DELEGATION,
        place=Event.Place.ABROAD,
        country="PL",
        start_date=yesterday,
        end_date=yesterday,
    )
    soon = event(
        current,
        title="Візит делегації з Вроцлава",
        kind=Event.Kind.INCOMING_DELEGATION,
        status=Event.Status.PLANNED,
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=4),
    )
    client = Client()
    for url in (
        reverse("public:event-list"),
        reverse("public:feed"),
        reverse("public:sitemap"),
        reverse("api:event-list"),
        reverse("public:home"),
    ):
        text = client.get(url).content.decode()
        if url.startswith("/api/"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        assert "Вроцлав" not in text, url
    for item in (trip, soon):
        assert client.get(reverse("public:event-detail", args=[item.pk])).status_code == 404
        assert client.get(reverse("api:event-detail", args=[item.pk])).status_code == 404


def test_only_reports_the_council_took_note_of_are_published(published, monkeypatch):
    monkeypatch.setattr("public.views.render_pdf", lambda *args, **kwargs: b"%PDF-1.7 test")
    client = Client()
    report = AnnualReport.objects.create(program=published["program"], year=2023)
    url = reverse("public:annual-report-pdf", args=[2023])
    assert client.get(url).status_code == 404
    report.accepted_on = datetime.date(2024, 2, 20)
    report.decision_number = "12/34"
    report.save()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert url in client.get(reverse("public:documents")).content.decode()


def test_the_register_shows_what_is_withheld_since_when_and_why(published, as_user, controller):
    withhold(published["event"], since=datetime.date(2024, 3, 1))
    html = as_user(controller).get(reverse("public:withholding-list")).content.decode()
    assert "Форум громад-партнерів" in html
    assert "01.03.2024" in html
    assert "01.01.2030" in html
    assert "Розкриття маршрутів" in html
    # A controller reads the register; withholding and lifting are the editors'.
    assert reverse("public:withholding-lift", args=[Withholding.objects.get().pk]) not in html


def test_an_editor_withholds_an_event_with_the_three_part_test(published, as_user, editor):
    client = as_user(editor)
    url = reverse("public:withholding-create", args=["event", published["event"].pk])
    refused = client.post(url, {"reason": "Безпека"})
    assert refused.status_code == 200
    assert not Withholding.objects.exists()
    saved = client.post(
        url,
        {
            "reason": "Безпека делегації",
            "protected_interest": "Безпека людей",
            "harm": "Маршрут стане відомим",
            "balance": "Життя важливіше",
            "since": "2024-03-01",
            "review_on": "2024-02-01",
        },
    )
    assert saved.status_code == 200, "a review before the start is refused"
    assert not Withholding.objects.exists()
    saved = client.post(
        url,
        {
            "reason": "Безпека делегації",
            "protected_interest": "Безпека людей",
            "harm": "Маршрут стане відомим",
            "balance": "Життя важливіше",
            "since": "2024-03-01",
            "review_on": "2024-09-01",
        },
    )
    assert saved.status_code == 302
    withholding = Withholding.objects.get()
    assert withholding.event == published["event"]
    assert withholding.withheld_by == editor
    assert (
        Client().get(reverse("public:event-detail", args=[published["event"].pk])).status_code
        == 404
    )
    client.post(reverse("public:withholding-lift", args=[withholding.pk]))
    assert not Withholding.objects.exists()
    assert (
        Client().get(reverse("public:event-detail", args=[published["event"].pk])).status_code
        == 200
    )


def test_the_api_is_open_to_other_sites_and_paginated(published):
    response = Client().get(reverse("api:event-list"), {"page_size": 1})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["count"] >= 1
    assert len(data["items"]) == 1
    assert set(data["items"][0]) >= {"title", "kind", "start_date", "partners", "participants"}
    assert "description" not in data["items"][0]


def test_pages_and_api_answers_are_cached_with_an_etag(published, monkeypatch):
    # The test's own transaction has written, so the data version says "do not cache": a
    # settled version stands in for it, and another one after the change.
    version = ["v1"]
    monkeypatch.setattr("public.cache.data_version.current", lambda leaving_out=(): version[0])
    client = Client()
    for url in (reverse("public:event-list"), reverse("api:event-list")):
        first = client.get(url)
        assert first["Cache-Control"] == "public, max-age=60"
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        cached = client.get(url)
        assert cached.content == first.content
        if url.startswith("/api/"):
            assert cached["Access-Control-Allow-Origin"] == "*"
    withhold(published["event"])
    version[0] = "v2"
    changed = client.get(reverse("public:event-list"))
    assert "Форум громад-партнерів" not in changed.content.decode()


def test_the_api_filters_events(published):
    client = Client()
    found = client.get(reverse("api:event-list"), {"year": 2023, "kind": "conference"}).json()
    assert [item["title"] for item in found["items"]] == ["Форум громад-партнерів"]
    assert client.get(reverse("api:event-list"), {"year": 2022}).json()["count"] == 0
    assert client.get(reverse("api:event-list"), {"kind": "no-such-kind"}).status_code == 422


def test_the_api_limits_each_client(published, settings):
    settings.PUBLIC_API_RATE_PER_MINUTE = 3
    client = Client()
    answers = [client.get(reverse("api:year-list")).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(reverse("api:year-list")).status_code == 200


def test_a_settled_data_version_is_read_once_in_its_seconds(published, monkeypatch, settings):
    settings.PUBLIC_VERSION_SECONDS = 60
    monkeypatch.setattr("public.cache._settled", {})
    reads = []
    monkeypatch.setattr(
        "public.cache.data_version.current", lambda leaving_out=(): reads.append(1) or "v1"
    )
    client = Client()
    for url in (reverse("public:program"), reverse("public:partner-list"), reverse("home")):
        assert client.get(url).status_code == 200
    assert len(reads) == 2  # one with the budget (the program), one without (the other two)
    # An unsettled version (a write under way) is never kept.
    monkeypatch.setattr("public.cache._settled", {})
    monkeypatch.setattr("public.cache.data_version.current", lambda leaving_out=(): reads.append(1))
    client.get(reverse("public:program"))
    client.get(reverse("public:program"))
    assert len(reads) == 4


def test_what_says_it_shows_no_budget_is_the_same_after_the_budget_changes(published):
    """The pages and API answers that declare reads_budget=False keep their key when the
    budget's data changes (public/cache.py): they must indeed show nothing of it, and the
    others must show it."""
    program, year = published["program"], published["event"].start_date.year
    # (`/` hands a visitor the public home, which is among them.)
    urls = [
        *(url for url in _pages(published) if url != reverse("home")),
        *(reverse(f"api:{name}") for name in ("program-detail", "year-list", "category-list")),
        *(reverse(f"api:{name}") for name in ("direction-list", "event-list", "partner-list")),
        reverse("api:document-list"),
        reverse("api:event-detail", args=[published["event"].pk]),
        reverse("api:partner-detail", args=[published["partner"].pk]),
    ]
    client = Client()
    before = {url: client.get(url).content for url in urls}
    finance(program, amount=50_000)
    Expense.objects.create(
        category=program.categories.get(number=3),
        source=FundingSource.objects.order_by("pk").first(),
        date=datetime.date(year, 4, 12),
        amount=12_345,
    )
    changed = {url for url in urls if client.get(url).content != before[url]}
    reads_budget = {url for url in urls if resolve(url.partition("?")[0]).func.reads_budget}
    assert changed == reads_budget
    assert reverse("public:program") in changed and reverse("public:event-list") not in changed

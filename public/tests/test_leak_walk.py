"""The walk: every public URL and every API response over the demo data, looking for what must
not be there: any value of an internal field, any event before its time, any withheld item,
any partner the public may not see. The adopted reports' PDFs are read too, with pdftotext.

The values come from public.rules.FIELDS, so a field classed internal there is looked for
here without another word. A value is looked for only if it is long enough to be telling and
is not also the value of a field that is public (a participant's organisation may be the
partner's own name, which is public).
"""

import datetime
import html
import json
import re
import subprocess

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from activities.models import AnnualReport, Event, Program
from partners.models import Partner
from public import rules, selectors
from public.tests.builders import partner, withhold
from reports.documents import Edition

pytestmark = pytest.mark.django_db

SHORTEST = 6


def _texts(label, classes):
    model = apps.get_model(label)
    names = [
        name
        for name in rules.shown(label, classes)
        if isinstance(model._meta.get_field(name), (models.CharField, models.TextField))
    ]
    values = set()
    if not names:
        return values
    for row in model._default_manager.values_list(*names):
        values.update(value.strip() for value in row if value and len(value.strip()) >= SHORTEST)
    return values


def _public_texts():
    found = set()
    for label in rules.FIELDS:
        found |= _texts(label, (rules.PUBLIC, rules.DELAYED))
    # What every page says anyway: the program, its directions, the council.
    for label in ("activities.Program", "activities.Direction", "activities.ExpectedResult"):
        model = apps.get_model(label)
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                found.update(
                    str(v) for v in model._default_manager.values_list(field.name, flat=True) if v
                )
    return found


def _internal_texts(public):
    internal = set()
    for label in rules.FIELDS:
        internal |= _texts(label, (rules.INTERNAL,))
    # A value that is also public text (or part of it) says nothing internal.
    return {value for value in internal if not any(value in text for text in public)}


def _read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(json.loads(text), ensure_ascii=False), response
    return html.unescape(text), response


def _pdf_text(content):
    """A PDF's text with its whitespace collapsed (a long title wraps over two lines)."""
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def _walk_pdfs(client):
    """The public editions of the reports the council took note of: (url, text)."""
    program = selectors.public_program()
    years = AnnualReport.objects.filter(program=program, accepted_on__isnull=False)
    urls = [
        reverse("public:annual-report-pdf", args=[year])
        for year in years.order_by("year").values_list("year", flat=True)
    ]
    if program.status == Program.Status.COMPLETED:
        urls.append(reverse("public:final-report-pdf"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, _pdf_text(response.content)


def _hidden_partners():
    """Names of the partners the public may not see, each with a pattern that does not take
    «… №1» for a part of «… №12»."""
    return {
        name: re.compile(re.escape(name) + r"(?!\d)")
        for name in Partner.objects.exclude(pk__in=rules.visible_partners()).values_list(
            "name_uk", flat=True
        )
    }


def _hidden_titles():
    """Titles of the events not public today, unless a public title says the same."""
    visible_titles = set(rules.visible_events().values_list("title", flat=True))
    return {
        title
        for title in Event.objects.exclude(pk__in=rules.visible_events()).values_list(
            "title", flat=True
        )
        if title not in visible_titles and not any(title in t for t in visible_titles)
    }


def _leaks(pages, internal):
    """What `pages` ({url: text}) show that they must not: internal values, events not yet
    public or withheld, partners not public."""
    hidden_titles = _hidden_titles()
    hidden_partners = _hidden_partners()
    # Only values whose every word occurs somewhere are searched for, page by page.
    words = set(re.findall(r"\w+", "\n".join(pages.values())))
    suspects = [v for v in internal if set(re.findall(r"\w+", v)) <= words]
    problems = []
    for url, text in pages.items():
        problems += [f"{url}: internal value «{value}»" for value in suspects if value in text]
        problems += [f"{url}: not yet public or withheld «{t}»" for t in hidden_titles if t in text]
        problems += [
            f"{url}: partner not public «{name}»"
            for name, pattern in hidden_partners.items()
            if name in text and pattern.search(text)
        ]
    return problems


def _walk(client):
    """Every public page and API answer over the data: (url, text)."""
    program = rules.public_programs().order_by("-start_year").first()
    events = list(rules.visible_events().values_list("pk", flat=True))
    partners = list(rules.visible_partners().values_list("pk", flat=True))
    urls = [
        reverse("home"),
        reverse("public:home"),
        reverse("public:program"),
        reverse("public:documents"),
        reverse("public:partner-list"),
        reverse("public:feed"),
        reverse("public:sitemap"),
        reverse("open-data"),
        reverse("api:program-detail"),
        reverse("api:year-list"),
        reverse("api:category-list"),
        reverse("api:direction-list"),
        reverse("api:document-list"),
        reverse("api:openapi-json"),
        *(reverse("public:execution", args=[year]) for year in program.years),
        *(reverse("api:category-list") + f"?year={year}" for year in program.years),
        *(reverse("public:event-detail", args=[pk]) for pk in events),
        *(reverse("api:event-detail", args=[pk]) for pk in events),
        *(reverse("public:partner-detail", args=[pk]) for pk in partners),
        *(reverse("api:partner-detail", args=[pk]) for pk in partners),
    ]
    for url in urls:
        yield url, _read(client, url)[0]
    # The paginated lists, page by page.
    for base, size in (
        (reverse("public:event-list"), None),
        (reverse("api:event-list"), 100),
        (reverse("api:partner-list"), 200),
    ):
        page = 1
        while True:
            url = f"{base}?page={page}" + (f"&page_size={size}" if size else "")
            text, response = _read(client, url)
            yield url, text
            if size:
                if page * size >= json.loads(response.content)["count"]:
                    break
            elif "page=" + str(page + 1) not in text:
                break
            page += 1


@pytest.fixture
def demo(program):
    call_command("generate_demo_data", scale=1, verbosity=0)
    # Held events the rules must still hide: withheld ones, and a trip that ended yesterday.
    held = list(Event.objects.filter(status=Event.Status.HELD).order_by("pk")[:3])
    for item in held:
        withhold(item)
    withheld_partner = Partner.objects.filter(kind=Partner.Kind.COMMUNITY).order_by("pk").first()
    withhold(withheld_partner)
    today = datetime.date.today()
    current = type(program).objects.create(
        title="Програма поточних років",
        short_title="поточна",
        start_year=today.year - 1,
        end_year=today.year + 1,
        status=program.Status.ACTIVE,
    )
    yesterday = today - datetime.timedelta(days=1)
    Event.objects.create(
        program=current,
        title="Поїздка до Вроцлава вчора",
        kind=Event.Kind.OUTGOING_DELEGATION,
        status=Event.Status.HELD,
        start_date=yesterday,
        end_date=yesterday,
        place=Event.Place.ABROAD,
        country="PL",
        city="Вроцлав",
    )
    # The public program's reports taken note of, each year with a withheld event, a private
    # person and a partnership not yet agreed beside an event the public reads; and the final.
    public = selectors.public_program()
    reported = sorted(
        set(
            Event.objects.for_program(public)
            .held()
            .filter(start_date__year__lte=today.year)
            .values_list("start_date__year", flat=True)
        )
    )
    person = partner("Іван Петренко (приватна особа)", kind=Partner.Kind.OTHER)
    prospective = partner("Громада Майбутня", status=Partner.Status.PROSPECTIVE)
    for year in reported:
        in_year = Event.objects.for_program(public).in_year(year).held().order_by("pk")
        withhold(in_year[0])
        held.append(in_year[0])
        shown = rules.visible_events().filter(pk__in=in_year).first()
        if shown:
            shown.partners.add(person, prospective)
        AnnualReport.objects.create(
            program=public, year=year, accepted_on=datetime.date(year + 1, 2, 20)
        )
    type(program).objects.filter(pk=public.pk).update(status=program.Status.COMPLETED)
    return {
        "withheld_events": held,
        "withheld_partner": withheld_partner,
        "reported": reported,
        "private_partners": [person, prospective],
    }


def test_no_public_page_or_api_answer_shows_anything_internal_or_early(demo):
    public = _public_texts()
    internal = _internal_texts(public)
    assert len(internal) > 1000, "the demo data should give the walk much to look for"
    hidden_titles = _hidden_titles()
    assert "Поїздка до Вроцлава вчора" in hidden_titles
    visible_titles = set(rules.visible_events().values_list("title", flat=True))
    assert all(
        event.title in hidden_titles or event.title in visible_titles
        for event in demo["withheld_events"]
    )
    hidden_partners = _hidden_partners()
    assert demo["withheld_partner"].name_uk in hidden_partners
    assert all(p.name_uk in hidden_partners for p in demo["private_partners"])
    client = Client()
    pages = dict(_walk(client))
    walked = len(pages)
    pdfs = dict(_walk_pdfs(client))
    # Each year's report and the final one, the withheld events in their place.
    assert len(pdfs) == len(demo["reported"]) + 1
    assert all(
        "Інформацію обмежено відповідно до статті 6" in text
        for url, text in pdfs.items()
        if url != reverse("public:final-report-pdf")
    )
    problems = _leaks({**pages, **pdfs}, internal)
    assert walked > 200
    assert not problems, "\n".join(problems[:50])


def test_the_walk_finds_a_withheld_event_or_a_private_person_in_a_public_pdf(program, monkeypatch):
    """The PDFs' part of the walk catches a leak: the staff edition served publicly."""
    person = partner("Іван Петренко (приватна особа)", kind=Partner.Kind.OTHER)
    day = datetime.date(2023, 5, 10)
    for title in ("Форум громад-партнерів", "Нарада про укриття"):
        held = Event.objects.create(
            program=program,
            title=title,
            kind=Event.Kind.CONFERENCE,
            status=Event.Status.HELD,
            start_date=day,
            end_date=day,
            place=Event.Place.MENA,
        )
    held.partners.add(person)
    withhold(held)
    AnnualReport.objects.create(program=program, year=2023, accepted_on=datetime.date(2024, 2, 1))
    Program.objects.filter(pk=program.pk).update(status=Program.Status.COMPLETED)
    assert _leaks(dict(_walk_pdfs(Client())), set()) == []

    monkeypatch.setattr("public.views.selectors.public_edition", lambda: Edition())
    caches["documents"].clear()
    problems = _leaks(dict(_walk_pdfs(Client())), set())
    url = reverse("public:annual-report-pdf", args=[2023])
    assert f"{url}: not yet public or withheld «Нарада про укриття»" in problems
    assert f"{url}: partner not public «Іван Петренко (приватна особа)»" in problems

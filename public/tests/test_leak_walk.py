"""The walk: every public URL and every API response over the demo data, looking for what must
not be there: any value of an internal field, any event before its time, any withheld item.

The values come from public.rules.FIELDS, so a field classed internal there is looked for
here without another word. A value is looked for only if it is long enough to be telling and
is not also the value of a field that is public (a participant's organisation may be the
partner's own name, which is public).
"""

import datetime
import html
import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from activities.models import Event
from partners.models import Partner
from public import rules
from public.tests.builders import withhold

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
    return {"withheld_events": held, "withheld_partner": withheld_partner}


def test_no_public_page_or_api_answer_shows_anything_internal_or_early(demo):
    public = _public_texts()
    internal = _internal_texts(public)
    assert len(internal) > 1000, "the demo data should give the walk much to look for"
    visible_titles = set(rules.visible_events().values_list("title", flat=True))
    hidden_titles = {
        title
        for title in Event.objects.exclude(pk__in=rules.visible_events()).values_list(
            "title", flat=True
        )
        if title not in visible_titles and not any(title in t for t in visible_titles)
    }
    assert "Поїздка до Вроцлава вчора" in hidden_titles
    assert all(
        event.title in hidden_titles or event.title in visible_titles
        for event in demo["withheld_events"]
    )
    hidden_partner = demo["withheld_partner"].name_uk
    pages = dict(_walk(Client()))
    walked = len(pages)
    # Only values whose every word occurs somewhere are searched for, page by page.
    words = set(re.findall(r"\w+", "\n".join(pages.values())))
    suspects = [v for v in internal if set(re.findall(r"\w+", v)) <= words]
    problems = []
    for url, text in pages.items():
        problems += [f"{url}: internal value «{value}»" for value in suspects if value in text]
        problems += [f"{url}: not yet public or withheld «{t}»" for t in hidden_titles if t in text]
        if hidden_partner in text:
            problems.append(f"{url}: withheld partner «{hidden_partner}»")
    assert walked > 200
    assert not problems, "\n".join(problems[:50])

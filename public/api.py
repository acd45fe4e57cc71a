"""The read-only JSON API of the public side (django-ninja), under the same rules as the pages.

Every handler reads through public.selectors and public.rules, and answers with a schema
that names the fields it may show: a field not in a schema cannot leave the server.
"""

import datetime
import functools
from decimal import Decimal
from typing import Annotated, Literal

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.urls import URLPattern, reverse
from django.views.decorators.http import require_safe
from ninja import Field, FilterLookup, FilterSchema, NinjaAPI, Query, Schema
from ninja import Path as PathParam
from ninja.pagination import PageNumberPagination, paginate

from activities.models import Event
from budget import money
from public import cache, ratelimit, rules, selectors

# Ids beyond PostgreSQL's integer are no ids of ours (and would fail in the database).
MAX_ID = 2_147_483_647
# A page number whose offset PostgreSQL's bigint could not hold would fail in the database:
# no list of ours has a millionth page, so a larger number is refused (422) as out of range.
MAX_PAGE = 1_000_000
EVENTS_PER_PAGE = 25


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)


def open_to_other_sites(view):
    """Any site's scripts may read the API (CORS for GET): it shows only what is public."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


api = NinjaAPI(
    title="Mena international cooperation program: public API",
    version="1.0",
    description=(
        "What the Mena City Council publishes of its international cooperation program: the "
        "program, its money by year and spending category, directions, events held, partner "
        "institutions and the documents adopted. Read-only; the same publishing rules as the "
        "public pages (events appear after they end, visits and trips after an embargo)."
    ),
    urls_namespace="api",
    docs_url=None,
)


class Message(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict]


# What any operation may answer besides its data: not found (or not public), a parameter out of
# range, too many requests from the client.
ERRORS = {404: Message, 422: ValidationErrors, 429: Message}


class Money(Schema):
    approved: Decimal | None = None
    allotted: Decimal
    financed: Decimal
    spent: Decimal


class YearOut(Schema):
    year: int
    money: Money


class ProgramOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    status: str
    goal: str
    responsible_executor: str
    co_developers: list[str]
    participants: list[str]
    control: str
    decision_number: str
    decision_date: datetime.date | None
    years: list[YearOut]
    total: Money


class CategoryOut(Schema):
    number: int
    name: str
    kekv: str
    year: int | None
    money: Money


class DirectionOut(Schema):
    number: int
    text: str
    events_held: int


class PartnerRef(Schema):
    id: int
    name: str
    country: str


class EventOut(Schema):
    id: int
    title: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date
    place: str
    settlement: str
    country: str
    city: str
    outcome: str
    participants: int
    young_participants: int
    partners: list[PartnerRef]
    directions: list[int]
    publications: list[str]

    @staticmethod
    def resolve_country(event):
        return str(event.country or "")

    @staticmethod
    def resolve_participants(event):
        return event.people

    @staticmethod
    def resolve_young_participants(event):
        return event.young_people

    @staticmethod
    def resolve_partners(event):
        return [
            {"id": p.pk, "name": p.name_uk, "country": str(p.country or "")}
            for p in event.partners.all()
        ]

    @staticmethod
    def resolve_directions(event):
        return [d.number for d in event.directions.all()]

    @staticmethod
    def resolve_publications(event):
        return [p.url or p.title for p in event.publications.all()]


class AgreementOut(Schema):
    title: str
    kind: str
    number: str
    signed_on: datetime.date | None
    valid_until: datetime.date | None


class PartnerOut(Schema):
    id: int
    name: str
    name_original: str
    kind: str
    country: str
    region: str
    status: str
    website: str

    @staticmethod
    def resolve_name(partner):
        return partner.name_uk

    @staticmethod
    def resolve_country(partner):
        return str(partner.country or "")


class PartnerDetailOut(PartnerOut):
    agreements_in_force: list[AgreementOut]
    events: list[int]

    @staticmethod
    def resolve_events(partner):
        return partner.published_event_ids


class DocumentOut(Schema):
    kind: str
    title: str
    date: datetime.date | None
    number: str
    url: str | None


# The kinds as literal values: both models name their choices "Kind", one name in the description.
EventKind = Literal[tuple(Event.Kind.values)]
PartnerKind = Literal[tuple(rules.INSTITUTIONS)]


class EventFilters(FilterSchema):
    year: Annotated[int | None, FilterLookup(q="start_date__year"), Field(ge=1900, le=2200)] = None
    kind: EventKind | None = None
    country: str | None = Field(None, max_length=2)
    direction: Annotated[
        int | None, FilterLookup(q="directions__number"), Field(ge=1, le=10_000)
    ] = None


class PartnerFilters(FilterSchema):
    kind: PartnerKind | None = None
    country: str | None = Field(None, max_length=2)


def _money(line, approved=True):
    return {
        "approved": line.approved if approved else None,
        "allotted": line.allotted,
        "financed": line.financed,
        "spent": line.spent,
    }


def _program():
    program = selectors.public_program()
    if program is None:
        raise Http404
    return program


@api.get(
    "/program",
    url_name="program-detail",
    response={200: ProgramOut, **ERRORS},
    summary="The program in force, with money by year",
)
def program(request):
    program = _program()
    passport = selectors.passport(program)
    by_year = money.by_year(money.MoneyLayers(program))
    executor = passport["program"].responsible_executor
    return {
        "id": program.pk,
        "title": program.title,
        "start_year": program.start_year,
        "end_year": program.end_year,
        "status": program.status,
        "goal": selectors.goal(program),
        "responsible_executor": executor.name if executor else "",
        "co_developers": passport["co_developers"],
        "participants": passport["participants"],
        "control": program.control,
        "decision_number": program.decision_number,
        "decision_date": program.decision_date,
        "years": [{"year": line.key, "money": _money(line)} for line in by_year],
        "total": _money(money.total(by_year, "")),
    }


@api.get(
    "/years",
    url_name="year-list",
    response={200: list[YearOut], **ERRORS},
    summary="Money by year in the four layers",
)
def years(request):
    by_year = money.by_year(money.MoneyLayers(_program()))
    return [{"year": line.key, "money": _money(line)} for line in by_year]


@api.get(
    "/categories",
    url_name="category-list",
    response={200: list[CategoryOut], **ERRORS},
    summary="Money by spending category",
)
def categories(request, year: int | None = Query(None, ge=1900, le=2200)):
    program = _program()
    if year is not None and year not in program.years:
        raise Http404
    layers = money.MoneyLayers(program)
    return [
        {
            "number": category.number,
            "name": category.name,
            "kekv": category.kekv,
            "year": year,
            "money": _money(line, approved=False),
        }
        for category, line in money.by_category(layers, [year] if year else None)
    ]


@api.get(
    "/directions",
    url_name="direction-list",
    response={200: list[DirectionOut], **ERRORS},
    summary="Directions and events held",
)
def directions(request, year: int | None = Query(None, ge=1900, le=2200)):
    program = _program()
    if year is not None and year not in program.years:
        raise Http404
    years = [year] if year else list(program.years)
    return [
        {"number": d.number, "text": d.text, "events_held": d.held}
        for d in selectors.directions_held(program, years, rules.visible_events())
    ]


@api.get(
    "/events",
    url_name="event-list",
    response={200: list[EventOut], **ERRORS},
    summary="Events held (published), newest first",
)
@paginate(BoundedPageNumberPagination, page_size=EVENTS_PER_PAGE, max_page_size=100)
def events(request, filters: Query[EventFilters]):
    events = filters.filter(selectors.events_for_filter())
    if filters.direction is not None:
        events = events.distinct()
    return events


@api.get(
    "/events/{event_id}",
    url_name="event-detail",
    response={200: EventOut, **ERRORS},
    summary="One event",
)
def event(request, event_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]):
    return selectors.event_detail(event_id)["event"]


@api.get(
    "/partners",
    url_name="partner-list",
    response={200: list[PartnerOut], **ERRORS},
    summary="Partner institutions",
)
@paginate(BoundedPageNumberPagination, page_size=50, max_page_size=200)
def partners(request, filters: Query[PartnerFilters]):
    return filters.filter(selectors.partner_list())


@api.get(
    "/partners/{partner_id}",
    url_name="partner-detail",
    response={200: PartnerDetailOut, **ERRORS},
    summary="One partner institution",
)
def partner(request, partner_id: Annotated[int, PathParam(ge=1, le=MAX_ID)]):
    detail = selectors.partner_detail(partner_id)
    partner = detail["partner"]
    partner.agreements_in_force = detail["agreements"]
    partner.published_event_ids = [event.pk for event in detail["events"]]
    return partner


@api.get(
    "/documents",
    url_name="document-list",
    response={200: list[DocumentOut], **ERRORS},
    summary="Documents the council adopted",
)
def documents(request):
    program = _program()
    found = selectors.documents(program)
    listed = [
        {
            "kind": "annual-report",
            "title": str(report.title),
            "date": report.accepted_on,
            "number": report.decision_number,
            "url": request.build_absolute_uri(
                reverse("public:annual-report-pdf", args=[report.year])
            ),
        }
        for report in found["annual_reports"]
    ]
    listed += [
        {
            "kind": "amendment",
            "title": amendment.title,
            "date": amendment.decision_date,
            "number": amendment.decision_number,
            "url": request.build_absolute_uri(reverse("public:amendment-file", args=[amendment.pk]))
            if amendment.file
            else None,
        }
        for amendment in found["amendments"]
    ]
    if found["final_report"]:
        listed.append(
            {
                "kind": "final-report",
                "title": "Final report",
                "date": None,
                "number": "",
                "url": request.build_absolute_uri(reverse("public:final-report-pdf")),
            }
        )
    return listed


# The answers that show money: the others' keys do not change with the budget (public/cache.py).
READS_BUDGET = {"program-detail", "year-list", "category-list"}


def urls():
    """The API's URL patterns: open without signing in, read only (GET and HEAD, its
    description too), rate-limited per client, and served from the shared cache like the
    pages."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            cached = cache.public_page(
                pattern.callback, by_language=False, reads_budget=pattern.name in READS_BUDGET
            )
            pattern.callback = login_not_required(
                open_to_other_sites(require_safe(ratelimit.limited(cached)))
            )
    return patterns, app_name, namespace

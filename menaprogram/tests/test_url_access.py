"""Every URL of the project, for every role: who gets in, who is refused, who may change data.

The walk goes through `get_resolver().url_patterns` (the admin's included), fills path
parameters from a small real data set, and checks GET and POST against the table below. A URL
pattern that the table does not know fails the test: a new page must say who may reach it.
"""

import datetime
from dataclasses import dataclass

import pghistory
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from activities import amendments
from activities.models import (
    Amendment,
    AnnualReport,
    Department,
    Direction,
    Event,
    EventFile,
    Indicator,
    Program,
    Publication,
)
from budget.models import BudgetAllocation, Expense, Financing, FundingSource, SpendingCategory
from menaprogram.models import JobFailure
from partners.models import Agreement, Partner
from public.models import Withholding
from reminders.models import Preferences, ReminderSettings
from reminders.tasks import weekly_digest

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ("anonymous", "no_role", "editor", "controller", "administrator")
YEAR = 2023

# What a response may be. LOGIN: a redirect to a sign-in page (the site's, or the admin's for
# people without a role).
LOGIN = ADMIN_LOGIN = "sign-in"
OK = frozenset({200})
SAVED_OR_ERRORS = frozenset({200, 302})  # a form: saved and sent on, or shown again with errors

# ---------------------------------------------------------------------------------------------
# The site's own pages. Each kind gives, per role, what GET and what POST may answer.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    get: dict
    post: dict


def _rule(get, post):
    return Rule(dict(zip(ROLES, get, strict=True)), dict(zip(ROLES, post, strict=True)))


# Roles:             anonymous     no_role       editor             controller   administrator
# Open data: the same for everyone; a page that only reads answers a POST with 405.
PUBLIC = _rule((OK, OK, OK, OK, OK), (405, 405, 405, 405, 405))
READ = _rule((LOGIN, 403, OK, OK, OK), (LOGIN, 403, 405, 405, 405))
# A page that edits business data: editors and administrators; a controller only reads.
EDIT = _rule((LOGIN, 403, OK, 403, OK), (LOGIN, 403, SAVED_OR_ERRORS, 403, SAVED_OR_ERRORS))
# A button on a page (no page of its own): the same people; GET is sent to the page with it.
EDIT_POST_ONLY = _rule(
    (LOGIN, 403, 302, 403, 302), (LOGIN, 403, SAVED_OR_ERRORS, 403, SAVED_OR_ERRORS)
)
# A button for one's own things (a snooze, the digest): every role, POST only.
OWN_BUTTON = _rule(
    (LOGIN, 403, 405, 405, 405), (LOGIN, 403, SAVED_OR_ERRORS, SAVED_OR_ERRORS, SAVED_OR_ERRORS)
)
# The program's structure: administrators only.
ADMINISTRATORS = _rule((LOGIN, 403, 403, 403, OK), (LOGIN, 403, 403, 403, SAVED_OR_ERRORS))
# A button of the administrators' on a page; GET is sent to the page with it.
ADMINISTRATORS_POST_ONLY = _rule(
    (LOGIN, 403, 403, 403, 302), (LOGIN, 403, 403, 403, SAVED_OR_ERRORS)
)

SITE = {
    # A wrong password shows the form again, for everyone.
    "login": _rule((OK, OK, OK, OK, OK), (OK, OK, OK, OK, OK)),
    # POST only; signing out must not be a link that anything can follow.
    "logout": _rule((LOGIN, 405, 405, 405, 405), (302, 302, 302, 302, 302)),
    "set_language": _rule((302, 302, 302, 302, 302), (302, 302, 302, 302, 302)),
    # Only the chosen program and year in the session: nothing of the council's data changes.
    # GET (an address followed) is sent home.
    "switch-workspace": _rule((LOGIN, 302, 302, 302, 302), (LOGIN, 302, 302, 302, 302)),
    # Visitors see the public home; editors land on their to-do page, readers on the
    # dashboard. The view only reads: GET and HEAD, anything else 405 before the role is
    # looked at.
    "home": _rule((OK, 403, OK, 302, OK), (405, 405, 405, 405, 405)),
    "open-data": PUBLIC,
    "open-data-file": PUBLIC,
    # Only reads: GET and HEAD.
    "upload": _rule((LOGIN, 403, OK, OK, OK), (LOGIN, 405, 405, 405, 405)),
    "partners:partner-list": READ,
    "partners:partner-detail": READ,
    "partners:partner-create": EDIT,
    "partners:partner-update": EDIT,
    # The event form's "add a partner": GET is sent to the full form; an empty POST is refused.
    "partners:partner-quick-create": _rule(
        (LOGIN, 403, 302, 403, 302), (LOGIN, 403, 400, 403, 400)
    ),
    "partners:contact-create": EDIT,
    "partners:contact-update": EDIT,
    # GET: a page that asks for a confirmation; POST removes the contact.
    "partners:contact-delete": EDIT,
    "partners:agreement-list": READ,
    "partners:agreement-create": EDIT,
    "partners:agreement-update": EDIT,
    "activities:event-list": READ,
    "activities:event-create": EDIT,
    "activities:event-detail": READ,
    "activities:event-update": EDIT,
    "activities:event-held": EDIT_POST_ONLY,
    "activities:eventfile-create": EDIT_POST_ONLY,
    "activities:publication-list": READ,
    "activities:publication-create": EDIT,
    "activities:indicatorvalue-grid": EDIT,
    "activities:publication-update": EDIT,
    # Starting the next program is the program's structure: administrators only.
    "activities:program-next": ADMINISTRATORS,
    # The program's own fields, like its structure: administrators only.
    "activities:program-update": ADMINISTRATORS,
    # The program's history is read by all who read the program; administrators amend it.
    "activities:program-history": READ,
    "activities:amendment-detail": READ,
    "activities:amendment-create": ADMINISTRATORS,
    "activities:amendment-change": ADMINISTRATORS,
    "activities:amendmentchange-delete": ADMINISTRATORS_POST_ONLY,
    "activities:amendment-adopt": ADMINISTRATORS,
    "reports:amendment-decision": READ,
    "reports:amendment-decision-pdf": READ,
    "reports:amendment-decision-docx": READ,
    "imports:start": EDIT,
    "imports:template": _rule((LOGIN, 403, OK, 403, OK), (LOGIN, 403, 405, 403, 405)),
    # An import nobody uploaded in this session: everyone signed in is sent back to the start
    # page (which refuses those without the right); nothing is read or written.
    "imports:preview": _rule((LOGIN, 302, 302, 302, 302), (LOGIN, 302, 302, 302, 302)),
    "imports:confirm": _rule((LOGIN, 302, 302, 302, 302), (LOGIN, 302, 302, 302, 302)),
    "imports:cancel": _rule((LOGIN, 302, 302, 302, 302), (LOGIN, 302, 302, 302, 302)),
    "imports:sheet": _rule((LOGIN, 302, 302, 302, 302), (LOGIN, 302, 302, 302, 302)),
    # People and their roles: administrators only; the list only reads.
    "users:user-list": _rule((LOGIN, 403, 403, 403, OK), (LOGIN, 403, 403, 403, 405)),
    "users:user-create": ADMINISTRATORS,
    "users:user-update": ADMINISTRATORS,
    # A button on the person's page; GET is sent to that page.
    "users:user-password": _rule(
        (LOGIN, 403, 403, 403, 302), (LOGIN, 403, 403, 403, SAVED_OR_ERRORS)
    ),
    "budget:budget": READ,
    "budget:allocations": ADMINISTRATORS,
    "budget:expense-list": READ,
    "budget:expense-create": EDIT,
    "budget:expense-update": EDIT,
    # Financing is entered by the finance department's people: editors, like expenses.
    "budget:financing-list": READ,
    "budget:financing-create": EDIT,
    "budget:financing-update": EDIT,
    "budget:financing-delete": EDIT,
    # A program's structure: its file (only read) and loading one, administrators only.
    "budget:structure-export": _rule((LOGIN, 403, 403, 403, OK), (LOGIN, 403, 403, 403, 405)),
    "budget:structure-import": ADMINISTRATORS,
    # Nothing previewed in this session: back to the upload page.
    "budget:structure-confirm": _rule((LOGIN, 403, 403, 403, 302), (LOGIN, 403, 403, 403, 302)),
    "reports:dashboard": READ,
    "reports:partnership-health": READ,
    "reports:document-list": READ,
    "reports:passport": READ,
    "reports:passport-pdf": READ,
    "reports:passport-docx": READ,
    "reports:annual-report": READ,
    "reports:annual-report-pdf": READ,
    "reports:annual-report-docx": READ,
    "reports:annual-report-xlsx": READ,
    "reports:annual-report-narrative": EDIT,
    "reports:annual-report-reasons": EDIT,
    "reports:final-report": READ,
    "reports:final-report-pdf": READ,
    "reports:final-report-docx": READ,
    "reports:final-report-xlsx": READ,
    "reports:annual-decision": READ,
    "reports:annual-decision-pdf": READ,
    "reports:annual-decision-docx": READ,
    "reports:final-decision": READ,
    "reports:final-decision-pdf": READ,
    "reports:final-decision-docx": READ,
    # A person's own reminders and settings: everyone with a role, for themselves.
    "reminders:list": READ,
    "reminders:bell": READ,
    "reminders:settings": READ,
    "reminders:event-ics": READ,
    "reminders:snooze": OWN_BUTTON,
    "reminders:wake": OWN_BUTTON,
    "reminders:digest-switch": OWN_BUTTON,
    "reminders:calendar-token": OWN_BUTTON,
    # Calendar programs cannot sign in: the secret address is the key; nobody has this one.
    "reminders:calendar-feed": _rule((404, 404, 404, 404, 404), (405, 405, 405, 405, 405)),
    # The program in public (issue 18): the same for everyone, read only.
    "public:home": PUBLIC,
    "public:program": PUBLIC,
    "public:execution": PUBLIC,
    "public:documents": PUBLIC,
    # No annual report of the data set has been taken note of, and the program is not over:
    # nothing to publish yet (public/tests/test_documents.py publishes them).
    "public:annual-report-pdf": _rule((404, 404, 404, 404, 404), (405, 405, 405, 405, 405)),
    "public:final-report-pdf": _rule((404, 404, 404, 404, 404), (405, 405, 405, 405, 405)),
    "public:amendment-file": PUBLIC,
    "public:event-list": PUBLIC,
    "public:event-detail": PUBLIC,
    "public:partner-list": PUBLIC,
    "public:partner-detail": PUBLIC,
    "public:feed": PUBLIC,
    "public:sitemap": PUBLIC,
    # The public pages' language switch: a link that sets the language and goes back.
    "public:language": _rule((302, 302, 302, 302, 302), (405, 405, 405, 405, 405)),
    "api:api-root": _rule((404, 404, 404, 404, 404), (405, 405, 405, 405, 405)),
    "api:openapi-json": PUBLIC,
    "api:program-detail": PUBLIC,
    "api:year-list": PUBLIC,
    "api:category-list": PUBLIC,
    "api:direction-list": PUBLIC,
    "api:event-list": PUBLIC,
    "api:event-detail": PUBLIC,
    "api:partner-list": PUBLIC,
    "api:partner-detail": PUBLIC,
    "api:document-list": PUBLIC,
    # The register of withheld items: everyone with a role reads it; editors withhold.
    "public:withholding-list": READ,
    "public:withholding-create": EDIT,
    "public:withholding-update": EDIT,
    # A button on the register; GET is sent to the register.
    "public:withholding-lift": EDIT_POST_ONLY,
    # The embargo, like the program's structure: administrators.
    "public:settings": ADMINISTRATORS,
}

# ---------------------------------------------------------------------------------------------
# The admin. Its pages are the same for every model; what differs is who edits the model.
# ---------------------------------------------------------------------------------------------

EDITORS, STRUCTURE, PRIVATE, RECORDS = "editors", "structure", "private", "records"
# The audit trail: every role reads it, nobody (administrators included) writes it.
AUDIT = "audit"
JOBS = "jobs"
MODEL_OWNERS = {
    # Business data entered by the department: editors and administrators change it.
    "activities.event": EDITORS,
    "activities.participant": EDITORS,
    "activities.publication": EDITORS,
    "activities.eventfile": EDITORS,
    "activities.indicatorvalue": EDITORS,
    "activities.annualreport": EDITORS,
    "partners.partner": EDITORS,
    "partners.contact": EDITORS,
    "partners.agreement": EDITORS,
    "budget.expense": EDITORS,
    "budget.financing": EDITORS,
    # The program's structure and money plan: administrators change it, the others read it.
    "activities.department": STRUCTURE,
    "activities.program": STRUCTURE,
    "activities.direction": STRUCTURE,
    "activities.expectedresult": STRUCTURE,
    "activities.indicator": STRUCTURE,
    "activities.amendment": STRUCTURE,
    "activities.programsection": STRUCTURE,
    "budget.spendingcategory": STRUCTURE,
    "budget.fundingsource": STRUCTURE,
    "budget.programfunding": STRUCTURE,
    "budget.budgetallocation": STRUCTURE,
    # People: administrators only, not even to read.
    "auth.user": PRIVATE,
    "auth.group": PRIVATE,
    # Sign-in records: the same, and nobody adds one by hand.
    "axes.accessattempt": RECORDS,
    "axes.accesslog": RECORDS,
    "axes.accessfailurelog": RECORDS,
    "pghistory.middlewareevents": AUDIT,
    # The reminders' thresholds and each person's department: administrators.
    "reminders.remindersettings": PRIVATE,
    "reminders.preferences": PRIVATE,
    # Background jobs and their errors: administrators read them, nobody changes them here.
    "procrastinate.procrastinatejob": JOBS,
    "menaprogram.jobfailure": JOBS,
}
NOT_STAFF = (ADMIN_LOGIN, ADMIN_LOGIN)  # anonymous and no_role: the admin's sign-in page


def _may(owner, role, action):
    """Whether `role` may do `action` ("view" or "change") on a model owned by `owner`."""
    if owner == AUDIT:
        return action == "view" and role in ("editor", "controller", "administrator")
    if owner == JOBS:
        return action == "view" and role == "administrator"
    if role == "administrator":
        return True
    if role not in ("editor", "controller") or owner in (PRIVATE, RECORDS):
        return False
    if action == "view":
        return True
    return role == "editor" and owner == EDITORS


def _admin_model_rule(owner, view_action, change_action, *, post_change=True):
    """GET needs `view_action`; POST `change_action`, or `view_action` if not post_change."""
    get = [*NOT_STAFF]
    post = [*NOT_STAFF]
    for role in ROLES[2:]:
        get.append(OK if _may(owner, role, view_action) else 403)
        allowed = _may(owner, role, change_action if post_change else view_action)
        post.append(SAVED_OR_ERRORS if allowed else 403)
    return _rule(get, post)


ADMIN_ACTIONS = {
    # The list: reading it needs the view right; its POST runs actions (see _post_data).
    "changelist": lambda owner: _admin_model_rule(owner, "view", "view", post_change=False),
    "add": lambda owner: (
        _rule((*NOT_STAFF, 403, 403, 403), (*NOT_STAFF, 403, 403, 403))
        if owner in (RECORDS, AUDIT, JOBS)
        else _admin_model_rule(owner, "change", "change")
    ),
    "change": lambda owner: _admin_model_rule(owner, "view", "change"),
    "delete": lambda owner: _admin_model_rule(owner, "change", "change"),
    "history": lambda owner: _rule(
        [*NOT_STAFF, *(OK if _may(owner, r, "view") else 403 for r in ROLES[2:])],
        [*NOT_STAFF, *(OK if _may(owner, r, "view") else 403 for r in ROLES[2:])],
    ),
    # The Import button sends whoever may add the records to the import page.
    "import": lambda owner: _rule(
        [*NOT_STAFF, *(302 if _may(owner, r, "change") else 403 for r in ROLES[2:])],
        [*NOT_STAFF, *(302 if _may(owner, r, "change") else 403 for r in ROLES[2:])],
    ),
    "export": lambda owner: _admin_model_rule(owner, "view", "view"),
    "password_change": lambda owner: _admin_model_rule(owner, "change", "change"),
}
STAFF_PAGE = _rule((ADMIN_LOGIN, ADMIN_LOGIN, OK, OK, OK), (ADMIN_LOGIN, ADMIN_LOGIN, OK, OK, OK))
ADMIN_SITE = {
    "admin:index": STAFF_PAGE,
    # Signed-in staff are sent on to the index; a wrong password shows the form again.
    "admin:login": _rule((OK, OK, 302, 302, 302), (OK, OK, OK, OK, OK)),
    # POST only for staff; a person without a role is sent to the admin's index (and so out).
    "admin:logout": _rule((LOGIN, 302, 405, 405, 405), (LOGIN, 302, 302, 302, 302)),
    "admin:password_change": STAFF_PAGE,
    "admin:jsi18n": _rule((ADMIN_LOGIN, ADMIN_LOGIN, OK, OK, OK), (ADMIN_LOGIN,) * 2 + (405,) * 3),
    "admin:password_change_done": _rule(
        (ADMIN_LOGIN, ADMIN_LOGIN, OK, OK, OK), (ADMIN_LOGIN, ADMIN_LOGIN, 405, 405, 405)
    ),
    "admin:app_list": _rule(
        (ADMIN_LOGIN, ADMIN_LOGIN, OK, OK, OK), (ADMIN_LOGIN, ADMIN_LOGIN, OK, OK, OK)
    ),
    # Without its query parameters the autocomplete refuses everyone.
    "admin:autocomplete": _rule(
        (ADMIN_LOGIN, ADMIN_LOGIN, 403, 403, 403), (ADMIN_LOGIN,) * 2 + (405,) * 3
    ),
    # "View on site" of an event (it has no page address in the admin's sense).
    "admin:view_on_site": _rule(
        (ADMIN_LOGIN, ADMIN_LOGIN, 404, 404, 404), (ADMIN_LOGIN, ADMIN_LOGIN, 404, 404, 404)
    ),
    # The admin's catch-all for unknown addresses.
    "admin:catch-all": _rule((LOGIN, LOGIN, 404, 404, 404), (LOGIN, LOGIN, 404, 404, 404)),
    # The short address of an object, sent on to its change page (which checks the right).
    "admin:object-redirect": _rule((LOGIN, LOGIN, 302, 302, 302), (LOGIN, LOGIN, 302, 302, 302)),
}


# ---------------------------------------------------------------------------------------------
# The data the addresses point at.
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def world(program, settings, tmp_path, monkeypatch):
    """One row of every model the admin shows, small on purpose: the walk reads each page."""
    settings.MEDIA_ROOT = tmp_path
    # The PDFs' rendering is tested with the documents; here only who reaches them matters.
    monkeypatch.setattr("reports.document_views.render_pdf", lambda *args, **kwargs: PDF)
    # A change made during a request, for the audit trail's pages in the admin.
    with pghistory.context(url="/partners/new/"):
        Department.objects.create(name="Відділ для журналу змін")
    day = datetime.date(2023, 5, 10)
    partner = Partner.objects.create(
        kind=Partner.Kind.COMMUNITY, name_uk="Гміна Тарнув", country="PL"
    )
    partner.contacts.create(full_name="Ян Ковальський")
    # The one the walk removes (its delete address), so that the first stays for the others.
    partner.contacts.create(full_name="Контакт для видалення")
    Agreement.objects.create(
        partner=partner, title="Договір про співпрацю", signed_on=datetime.date(2022, 6, 1)
    )
    event = Event.objects.create(
        program=program,
        title="Візит делегації з Тарнува",
        kind=Event.Kind.INCOMING_DELEGATION,
        status=Event.Status.HELD,
        start_date=day,
        end_date=day,
        place=Event.Place.MENA,
    )
    event.partners.add(partner)
    event.directions.add(program.directions.first())
    event.participants.create(full_name="Олена Шевченко")
    event_file = EventFile.objects.create(
        event=event, title="Протокол зустрічі", file=SimpleUploadedFile("protokol.pdf", PDF)
    )
    Publication.objects.create(
        program=program,
        event=event,
        channel=Publication.Channel.WEBSITE,
        title="Делегація з Тарнува в Мені",
        published_on=day,
    )
    category = program.categories.order_by("number").first()
    source = FundingSource.objects.order_by("pk").first()
    BudgetAllocation.objects.create(category=category, year=YEAR, source=source, amount=5000)
    Financing.objects.create(category=category, source=source, date=day, amount=2000)
    Expense.objects.create(category=category, source=source, date=day, amount=100, event=event)
    indicator = Indicator.objects.create(
        program=program, kind=Indicator.Kind.OUTPUT, name="Кількість заходів", unit="од."
    )
    indicator.values.create(year=YEAR, target=10, actual=8)
    Amendment.objects.create(
        program=program,
        decision_number="12/3",
        decision_date=datetime.date(2023, 2, 1),
        title="Про внесення змін",
        summary="Змінено обсяг фінансування",
        file=SimpleUploadedFile("rishennia.pdf", PDF),
    )
    AnnualReport.objects.create(program=program, year=YEAR, narrative="Звіт за рік")
    draft = Amendment.objects.create(
        program=program, title="Проєкт змін до Програми", status=Amendment.Status.DRAFT
    )
    amendments.add_change(
        amendment=draft, kind="passport", target={"field": "control"}, new="Постійна комісія"
    )
    # A partner kept off the public site, for the register's pages.
    Withholding.objects.create(
        partner=Partner.objects.create(
            kind=Partner.Kind.FOUNDATION, name_uk="Фонд, прихований від публіки", country="DE"
        ),
        reason="Безпека",
        protected_interest="Безпека людей",
        harm="Розкриття маршрутів",
        balance="Життя важливіше",
        review_on=datetime.date(2030, 1, 1),
        withheld_by=get_user_model().objects.create_user("withholder", password="x" * 16),
    )
    AccessAttempt.objects.create(
        username="guess", ip_address="127.0.0.1", get_data="", post_data="", failures_since_start=1
    )
    AccessFailureLog.objects.create(username="guess", ip_address="127.0.0.1")
    AccessLog.objects.create(username="editor", ip_address="127.0.0.1")
    ReminderSettings.objects.create()
    Preferences.objects.create(
        user=get_user_model().objects.create_user("calendar", password="x" * 16)
    )
    JobFailure.objects.create(task_name="reminders.tasks.weekly_digest", attempt=1, error="SMTP")
    weekly_digest.defer()
    return {"program": program, "event": event, "event_file": event_file}


def _patterns(patterns=None, prefix="", namespace=None):
    """(name with namespace, route, pattern) of every URL pattern, the included ones too."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _patterns(
                pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            route = prefix + str(pattern.pattern)
            yield _key(name, route), route, pattern


ADMIN_MODELS = {
    f"admin:{model._meta.app_label}_{model._meta.model_name}_": model
    for model in admin.site._registry
}


def _admin_model(name):
    """The model and action of a model's admin URL name, e.g. admin:budget_expense_change."""
    for prefix, model in ADMIN_MODELS.items():
        if name.startswith(prefix):
            return model, name.removeprefix(prefix)
    return None, None


def _key(name, route):
    """The name of a pattern, or for the admin's unnamed ones what they are."""
    if name is not None:
        return name
    if route.endswith("(?P<url>.*)$"):
        return "admin:catch-all"
    if route.startswith("admin/") and route.endswith("<path:object_id>/"):
        return "admin:object-redirect"
    return route


def _rule_for(name):
    if name in SITE:
        return SITE[name]
    if name in ADMIN_SITE:
        return ADMIN_SITE[name]
    model, action = _admin_model(name or "")
    if model is None or action not in ADMIN_ACTIONS:
        return None
    return ADMIN_ACTIONS[action](MODEL_OWNERS[model._meta.label_lower])


def _person(username):
    return apps.get_model("auth", "User").objects.get(username=username).pk


def _contact(name):
    found = apps.get_model("partners", "Contact").objects.filter(full_name=name).first()
    return found.pk if found else 0


def _draft():
    return Amendment.objects.get(title="Проєкт змін до Програми")


def _url(name, route, world):
    """The address of a pattern, its parameters filled from the data set."""
    program, event = world["program"], world["event"]
    by_name = {
        "partners:partner-detail": {"pk": event.partners.first().pk},
        "partners:partner-update": {"pk": event.partners.first().pk},
        "partners:contact-create": {"pk": event.partners.first().pk},
        "partners:contact-update": {"pk": _contact("Ян Ковальський")},
        "partners:contact-delete": {"pk": _contact("Контакт для видалення")},
        "users:user-update": {"pk": _person("editor")},
        "users:user-password": {"pk": _person("editor")},
        "partners:agreement-update": {
            "pk": apps.get_model("partners", "Agreement").objects.first().pk
        },
        "activities:event-detail": {"pk": event.pk},
        "reminders:event-ics": {"pk": event.pk},
        "reminders:calendar-feed": {"token": "nobody-has-this-address"},
        "activities:event-update": {"pk": event.pk},
        "activities:event-held": {"pk": event.pk},
        "activities:eventfile-create": {"pk": event.pk},
        "activities:publication-update": {"pk": Publication.objects.first().pk},
        "activities:program-next": {"pk": program.pk},
        "activities:program-update": {"pk": program.pk},
        "budget:structure-export": {"pk": program.pk},
        "activities:amendment-detail": {"pk": _draft().pk},
        "activities:amendment-change": {"pk": _draft().pk, "kind": "passport"},
        "activities:amendmentchange-delete": {
            "pk": _draft().pk,
            "change": getattr(_draft().changes.first(), "pk", 0),
        },
        "activities:amendment-adopt": {"pk": _draft().pk},
        "reports:amendment-decision": {"pk": _draft().pk},
        "reports:amendment-decision-pdf": {"pk": _draft().pk},
        "reports:amendment-decision-docx": {"pk": _draft().pk},
        "imports:template": {"slug": "expenses"},
        "imports:preview": {"token": "nobody-uploaded-this"},
        "imports:confirm": {"token": "nobody-uploaded-this"},
        "imports:cancel": {"token": "nobody-uploaded-this"},
        "imports:sheet": {"token": "nobody-uploaded-this"},
        "budget:expense-update": {
            "pk": Expense.objects.filter(category__program=program).first().pk
        },
        "budget:financing-update": {"pk": getattr(Financing.objects.first(), "pk", 0)},
        "budget:financing-delete": {"pk": getattr(Financing.objects.first(), "pk", 0)},
        "reports:annual-report": {"year": YEAR},
        "reports:annual-report-pdf": {"year": YEAR},
        "reports:annual-report-docx": {"year": YEAR},
        "reports:annual-decision": {"year": YEAR},
        "reports:annual-decision-pdf": {"year": YEAR},
        "reports:annual-decision-docx": {"year": YEAR},
        "reports:annual-report-xlsx": {"year": YEAR},
        "reports:annual-report-narrative": {"year": YEAR},
        "reports:annual-report-reasons": {"year": YEAR},
        "open-data-file": {"name": "programs", "fmt": "csv"},
        "public:execution": {"year": YEAR},
        "public:annual-report-pdf": {"year": YEAR},
        "public:amendment-file": {"pk": Amendment.objects.first().pk},
        "public:event-detail": {"pk": event.pk},
        "public:partner-detail": {"pk": event.partners.first().pk},
        "api:event-detail": {"event_id": event.pk},
        "api:partner-detail": {"partner_id": event.partners.first().pk},
        "public:withholding-create": {"item": "event", "pk": event.pk},
        "public:withholding-update": {"pk": getattr(Withholding.objects.first(), "pk", 0)},
        "public:withholding-lift": {"pk": getattr(Withholding.objects.first(), "pk", 0)},
        "upload": {"path": world["event_file"].file.name},
        "admin:app_list": {"app_label": "activities"},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(Event).pk,
            "object_id": event.pk,
        },
    }
    if name == "admin:catch-all":
        return "/admin/no-such-page/"
    if name == "admin:object-redirect":
        _admin, app_label, model_name, _rest = route.split("/", 3)
        first = apps.get_model(app_label, model_name)._default_manager.order_by("pk").first()
        if first is None:
            return None  # the audit trail's aggregate view: see below
        return "/" + route.replace("<path:object_id>", str(first.pk))
    if name in by_name:
        return reverse(name, kwargs=by_name[name])
    model, action = _admin_model(name)
    if model is not None and ("<path:object_id>" in route or "<id>" in route):
        key = "object_id" if "<path:object_id>" in route else "id"
        first = model._default_manager.order_by("pk").first()
        if first is None:
            # Only the audit trail's aggregate view, which lists rows of other tables and has
            # no row of its own here; its pages are checked in activities' audit tests.
            return None
        return reverse(name, kwargs={key: first.pk})
    return reverse(name)


def _post_data(name, world):
    program, event = world["program"], world["event"]
    if name in ("login", "admin:login"):
        return {"username": "nobody", "password": "wrong-password-123"}
    if name == "set_language":
        return {"language": "uk", "next": "/"}
    if name == "switch-workspace":
        return {"workspace": f"{program.pk}:{YEAR}", "next": "/"}
    model, action = _admin_model(name or "")
    if action == "changelist":
        # The boldest thing a list can be asked: delete the first row. Without the right the
        # action is not offered; with it the admin only asks for confirmation.
        first = model._default_manager.order_by("pk").first()
        return {"action": "delete_selected", "_selected_action": [first.pk] if first else []}
    del event
    return {}


def _matches(expected, response):
    location = response.get("Location", "")
    if expected == LOGIN:
        sign_in_pages = (reverse("login"), reverse("admin:login"))
        return response.status_code == 302 and location.startswith(sign_in_pages)
    if isinstance(expected, frozenset):
        return response.status_code in expected
    return response.status_code == expected


def _business_data():
    """Every row of the council's data and of the people who may touch it."""
    labels = ("activities", "partners", "budget", "auth")
    data = {}
    for model in apps.get_models():
        if model._meta.app_label in labels:
            # Signing in again after each sign-out only moves last_login.
            fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
            data[model._meta.label] = list(
                model._default_manager.order_by("pk").values_list(*fields)
            )
    return data


@pytest.fixture
def clients(world, editor, controller, administrator, outsider):
    users = {
        "anonymous": None,
        "no_role": outsider,
        "editor": editor,
        "controller": controller,
        "administrator": administrator,
    }

    def sign_in(client, user):
        if user is None:
            return
        client.force_login(user)
        # The 2022–2024 program in its second year, whatever today's date.
        client.post(reverse("switch-workspace"), _post_data("switch-workspace", world))

    made = {}
    for role, user in users.items():
        client = Client()
        sign_in(client, user)
        made[role] = (client, lambda client=client, user=user: sign_in(client, user))
    return made


def _walk(role, clients, world):
    client, sign_in_again = clients[role]
    problems = []
    # The allocations grid last: an administrator's empty post saves an empty grid, which
    # removes the year's allocations that the admin's pages are walked with.
    walk = sorted(_patterns(), key=lambda found: found[0] == "budget:allocations")
    for name, route, _pattern in walk:
        rule = _rule_for(name)
        url = _url(name, route, world)
        if url is None:
            continue
        for method, expected in (("GET", rule.get[role]), ("POST", rule.post[role])):
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, _post_data(name, world))
            if not _matches(expected, response):
                where = response.get("Location", "")
                problems.append(
                    f"{role} {method} {url} ({name}): {response.status_code} {where}"
                    f" expected {sorted(expected) if isinstance(expected, frozenset) else expected}"
                )
            if name in ("logout", "admin:logout") or name == "login":
                sign_in_again()
    return problems


def test_every_url_pattern_has_an_expectation():
    unknown = [f"{route} ({name})" for name, route, _ in _patterns() if _rule_for(name) is None]
    assert not unknown, "Say who may reach these new addresses in test_url_access.py: " + ", ".join(
        unknown
    )


def test_every_model_in_the_admin_has_an_owner():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(MODEL_OWNERS)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_url(role, clients, world):
    before = _business_data()
    problems = _walk(role, clients, world)
    assert not problems, f"{len(problems)} unexpected answers:\n" + "\n".join(problems)
    if role != "editor" and role != "administrator":
        # Whoever may not change data changed none, whatever they posted.
        assert _business_data() == before


# The site's pages that only read: whoever may read one gets 405 for any method that writes.
READ_ONLY = [
    name
    for name, rule in SITE.items()
    if rule in (READ, PUBLIC) or name in ("home", "upload", "imports:template")
]


@pytest.mark.parametrize("role", ROLES)
def test_a_read_only_page_answers_405_to_every_method_that_writes(role, clients, world):
    client, _sign_in_again = clients[role]
    before = _business_data()
    problems, tried = [], set()
    for name, route, _pattern in _patterns():
        if name not in READ_ONLY or SITE[name].get[role] in (LOGIN, 403):
            continue  # who may not read the page is refused before the method matters
        url = _url(name, route, world)
        tried.add(name)
        for method in ("post", "put", "patch", "delete"):
            status = getattr(client, method)(url).status_code
            if status != 405:
                problems.append(f"{role} {method.upper()} {url} ({name}): {status}")
    assert not problems, "\n".join(problems)
    public = {name for name, rule in SITE.items() if rule == PUBLIC}
    if role == "anonymous":
        public.add("home")
    assert tried == (public if role in ("anonymous", "no_role") else set(READ_ONLY)) or (
        role == "controller" and tried == set(READ_ONLY) - {"imports:template"}
    )
    assert _business_data() == before


def test_ids_of_another_programs_objects_are_refused_by_the_workspace_forms(world, as_user, editor):
    program, event = world["program"], world["event"]
    other = Program.objects.create(
        title="Програма 2025–2027", short_title="2025–2027", start_year=2025, end_year=2027
    )
    direction = Direction.objects.create(program=other, number=1, text="Чужий напрям")
    category = SpendingCategory.objects.create(
        program=other, number=1, name="Чужа стаття", kekv="2240"
    )
    foreign_event = Event.objects.create(
        program=other,
        title="Чужий захід",
        kind=Event.Kind.INCOMING_DELEGATION,
        status=Event.Status.PLANNED,
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 1),
        place=Event.Place.MENA,
    )
    expense = Expense.objects.get(event=event)
    client = as_user(editor)
    client.post(reverse("switch-workspace"), _post_data("switch-workspace", world))
    before = _business_data()
    attempts = [
        (reverse("activities:event-create"), {"directions": [direction.pk]}, "directions"),
        (
            reverse("activities:event-update", args=[event.pk]),
            {"directions": [direction.pk]},
            "directions",
        ),
        (reverse("budget:expense-create"), {"category": category.pk}, "category"),
        (reverse("budget:expense-create"), {"event": foreign_event.pk}, "event"),
        (
            reverse("budget:expense-update", args=[expense.pk]),
            {"category": category.pk},
            "category",
        ),
        (
            reverse("budget:expense-update", args=[expense.pk]),
            {"event": foreign_event.pk},
            "event",
        ),
        (reverse("activities:publication-create"), {"event": foreign_event.pk}, "event"),
    ]
    for url, data, field in attempts:
        response = client.post(url, data)
        assert response.status_code == 200, url
        assert field in response.context["form"].errors, (url, field)
    assert _business_data() == before
    assert program.pk != other.pk

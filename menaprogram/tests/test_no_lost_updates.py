"""Every page that edits a record, and every change form of the admin, refuses a stale save.

Two people open the same form; the first saves a change; the second, on the page as it was,
saves a change to another field and is refused with what changed, and the first change stays.
The walk goes through every URL pattern and every registered ModelAdmin: a new edit page or a
new admin that this file does not know fails the test, so a new form cannot forget the check.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse

from activities.models import (
    Amendment,
    AnnualReport,
    Event,
    IndicatorValue,
    Program,
    Publication,
)
from budget.models import BudgetAllocation, Expense, Financing, FundingSource
from menaprogram import users
from menaprogram.admin import ConcurrentEditAdmin
from menaprogram.roles import EDITOR
from menaprogram.tests.html_forms import form_data
from menaprogram.tests.test_url_access import YEAR, _patterns, world  # noqa: F401 (a fixture)
from partners.models import Agreement, Contact, Partner
from public.models import PublishingSettings, Withholding
from reports.document_forms import field_name
from reports.statutory import rows_needing_reason

pytestmark = pytest.mark.django_db

CONFLICT = "Хтось інший"  # saved this record, marked this event held… after you opened it


@dataclass
class Edit:
    """An edit page: where it is, two changes to two fields, and how to read the first back."""

    url: object  # the data set -> the address
    first: object  # world -> {field: value}
    second: object
    saved: object  # world -> the first change, read from the database
    expected: object
    post_to: object = None  # the data set -> where the form posts, if not to the page itself


def _draft():
    return Amendment.objects.get(title="Проєкт змін до Програми")


def _partner(data):
    return data["event"].partners.first()


def _person():
    found = User.objects.filter(username="olena").first()
    return found or users.create_user(username="olena", role=EDITOR, password="x" * 16)[0]


def _contact():
    return Contact.objects.order_by("pk").first()


def _planned(data):
    Event.objects.filter(pk=data["event"].pk).update(status=Event.Status.PLANNED)
    return data["event"]


def _reasons(data):
    """The reason fields of the year's annual report: the rows beyond the threshold."""
    rows = rows_needing_reason(data["program"], YEAR)
    assert rows, "the data set needs a line of the money table that strays from its plan"
    return [field_name(row) for row in rows] * 2


def _cells(data):
    program = data["program"]
    source = FundingSource.objects.order_by("pk").first()
    first, second = program.categories.order_by("number")[:2]
    return f"amount_{first.pk}_{source.pk}", f"amount_{second.pk}_{source.pk}"


EDITS = {
    "partners:partner-update": Edit(
        url=lambda w: reverse("partners:partner-update", args=[_partner(w).pk]),
        first=lambda w: {"email": "gmina@tarnow.pl"},
        second=lambda w: {"region": "Малопольща"},
        saved=lambda w: Partner.objects.get(pk=_partner(w).pk).email,
        expected="gmina@tarnow.pl",
    ),
    "partners:contact-update": Edit(
        url=lambda w: reverse("partners:contact-update", args=[_contact().pk]),
        first=lambda w: {"phone": "+48 14 688 27 00"},
        second=lambda w: {"position": "секретар гміни"},
        saved=lambda w: Contact.objects.get(pk=_contact().pk).phone,
        expected="+48 14 688 27 00",
    ),
    "users:user-update": Edit(
        url=lambda w: reverse("users:user-update", args=[_person().pk]),
        first=lambda w: {"first_name": "Олена"},
        second=lambda w: {"last_name": "Шевченко"},
        saved=lambda w: _person().first_name,
        expected="Олена",
    ),
    "partners:agreement-update": Edit(
        url=lambda w: reverse("partners:agreement-update", args=[Agreement.objects.get().pk]),
        first=lambda w: {"number": "12/3"},
        second=lambda w: {"note": "Примітка"},
        saved=lambda w: Agreement.objects.get().number,
        expected="12/3",
    ),
    "activities:event-update": Edit(
        url=lambda w: reverse("activities:event-update", args=[w["event"].pk]),
        first=lambda w: {"title": "Візит делегації з Ловеча"},
        second=lambda w: {"description": "Інша програма візиту"},
        saved=lambda w: Event.objects.get(pk=w["event"].pk).title,
        expected="Візит делегації з Ловеча",
    ),
    # The button on the event's page: the second person's outcome would replace the first's.
    "activities:event-held": Edit(
        url=lambda w: reverse("activities:event-detail", args=[_planned(w).pk]),
        post_to=lambda w: reverse("activities:event-held", args=[_planned(w).pk]),
        first=lambda w: {"outcome": "Підписано меморандум"},
        second=lambda w: {"outcome": "Домовилися про обмін"},
        saved=lambda w: Event.objects.get(pk=_planned(w).pk).outcome,
        expected="Підписано меморандум",
    ),
    "activities:publication-update": Edit(
        url=lambda w: reverse("activities:publication-update", args=[Publication.objects.get().pk]),
        first=lambda w: {"title": "Делегація з Ловеча"},
        second=lambda w: {"note": "Передрук"},
        saved=lambda w: Publication.objects.get().title,
        expected="Делегація з Ловеча",
    ),
    "budget:expense-update": Edit(
        url=lambda w: reverse("budget:expense-update", args=[Expense.objects.get().pk]),
        first=lambda w: {"amount": "1 234,56"},
        second=lambda w: {"counterparty": "ТОВ «Менатранс»"},
        saved=lambda w: str(Expense.objects.get().amount),
        expected="1234.56",
    ),
    "budget:financing-update": Edit(
        url=lambda w: reverse("budget:financing-update", args=[Financing.objects.get().pk]),
        first=lambda w: {"amount": "2 500,00"},
        second=lambda w: {"document_number": "П-17"},
        saved=lambda w: str(Financing.objects.get().amount),
        expected="2500.00",
    ),
    "budget:allocations": Edit(
        url=lambda w: f"{reverse('budget:allocations')}?year={YEAR}",
        first=lambda w: {_cells(w)[0]: "1 234,56"},
        second=lambda w: {_cells(w)[1]: "500,00"},
        saved=lambda w: str(BudgetAllocation.objects.get(year=YEAR).amount),
        expected="1234.56",
    ),
    "activities:indicatorvalue-grid": Edit(
        url=lambda w: f"{reverse('activities:indicatorvalue-grid')}?year={YEAR}",
        first=lambda w: {f"target_{IndicatorValue.objects.get().indicator_id}": "12"},
        second=lambda w: {f"actual_{IndicatorValue.objects.get().indicator_id}": "9"},
        saved=lambda w: str(IndicatorValue.objects.get().target),
        expected="12.00",
    ),
    "reports:annual-report-reasons": Edit(
        url=lambda w: reverse("reports:annual-report-reasons", args=[YEAR]),
        first=lambda w: {_reasons(w)[0]: "Постачальник не виконав договір."},
        second=lambda w: {_reasons(w)[1]: "Додатковий візит."},
        saved=lambda w: next(iter(AnnualReport.objects.get(year=YEAR).deviation_reasons.values())),
        expected="Постачальник не виконав договір.",
    ),
    # Two administrators adopting the same draft: the second is told someone else did.
    "activities:amendment-adopt": Edit(
        url=lambda w: reverse("activities:amendment-adopt", args=[_draft().pk]),
        first=lambda w: {"decision_number": "77/1", "decision_date": "01.06.2023"},
        second=lambda w: {"decision_number": "77/2", "decision_date": "02.06.2023"},
        saved=lambda w: Amendment.objects.get(pk=_draft().pk).decision_number,
        expected="77/1",
    ),
    "activities:program-update": Edit(
        url=lambda w: reverse("activities:program-update", args=[w["program"].pk]),
        first=lambda w: {"signatory_name": "Геннадій Примаков"},
        second=lambda w: {"decision_session": "двадцятої"},
        saved=lambda w: Program.objects.get(pk=w["program"].pk).signatory_name,
        expected="Геннадій Примаков",
    ),
    "public:withholding-update": Edit(
        url=lambda w: reverse("public:withholding-update", args=[Withholding.objects.get().pk]),
        first=lambda w: {"reason": "Загроза безпеці делегації."},
        second=lambda w: {"harm": "Розкриття маршруту."},
        saved=lambda w: Withholding.objects.get().reason,
        expected="Загроза безпеці делегації.",
    ),
    # One field on the page: the second person's change to it is refused all the same.
    "public:settings": Edit(
        url=lambda w: reverse("public:settings"),
        first=lambda w: {"embargo_days": "10"},
        second=lambda w: {"embargo_days": "14"},
        saved=lambda w: PublishingSettings.load().embargo_days,
        expected=10,
    ),
    "reports:annual-report-narrative": Edit(
        url=lambda w: reverse("reports:annual-report-narrative", args=[YEAR]),
        first=lambda w: {"narrative": "Рік нових угод."},
        second=lambda w: {"decision_number": "45/6"},
        saved=lambda w: AnnualReport.objects.get(year=YEAR).narrative,
        expected="Рік нових угод.",
    ),
}

# Pages that post but change no existing record as it was shown, and why.
NOT_EDITS = {
    "home": "reads only",
    "open-data": "reads only",
    "open-data-file": "reads only",
    "upload": "reads only",
    "login": "signs in",
    "logout": "signs out",
    "set_language": "the language of the session",
    "switch-workspace": "the program and year of the session",
    "partners:partner-create": "adds a record",
    "partners:agreement-create": "adds a record",
    "partners:contact-create": "adds a record",
    "partners:partner-quick-create": "adds a record",
    "users:user-create": "adds a record",
    "users:user-password": "sets a new password; nothing typed on the page is kept from before",
    "partners:contact-delete": "removes a record, after a page that asks to confirm",
    "activities:event-create": "adds a record",
    "activities:publication-create": "adds a record",
    "activities:amendment-create": "adds a record (a draft amendment)",
    "activities:amendment-change": "adds a change to a draft; adopting checks the draft as shown",
    "activities:amendmentchange-delete": "removes a change of a draft; adopting checks the draft "
    "as shown",
    "budget:expense-create": "adds a record",
    "budget:financing-create": "adds a record",
    # Tested in budget/tests/test_financing_pages.py: a record changed since the confirmation
    # page was opened is not deleted.
    "budget:financing-delete": "deletes a record after checking it is as it was shown",
    "activities:eventfile-create": "adds a file to an event",
    "imports:start": "uploads a file for its preview; nothing is written",
    "activities:program-next": "adds a record (the next program) with copies of the old one's "
    "structure; the old program is not changed",
    "budget:structure-import": "uploads a file for its preview; nothing is written",
    # Tested in budget/tests/test_structure_template.py: a program changed after the preview
    # refuses the confirmation.
    "budget:structure-confirm": "loads a structure file, checked against its preview",
    "imports:cancel": "forgets an uploaded file; nothing is written",
    "imports:sheet": "reads another sheet of an uploaded file into its preview; nothing is written",
    # Tested in test_concurrent_edits: a record changed after the preview refuses the confirm.
    "imports:confirm": "an import: its rows are checked against the preview",
    "reminders:snooze": "puts off the person's own reminder, or moves their own snooze",
    "reminders:wake": "removes the person's own snooze",
    "reminders:digest-switch": "a button setting the person's own digest to the state it names",
    "reminders:calendar-token": "a button: a new secret calendar address, or none",
    "reminders:calendar-feed": "reads only",
    "public:home": "reads only",
    "public:program": "reads only",
    "public:execution": "reads only",
    "public:documents": "reads only",
    "public:annual-report-pdf": "reads only",
    "public:final-report-pdf": "reads only",
    "public:amendment-file": "reads only",
    "public:event-list": "reads only",
    "public:event-detail": "reads only",
    "public:partner-list": "reads only",
    "public:partner-detail": "reads only",
    "public:feed": "reads only",
    "public:sitemap": "reads only",
    "public:language": "reads only",
    "api:api-root": "reads only",
    "api:openapi-json": "reads only",
    "api:program-detail": "reads only",
    "api:year-list": "reads only",
    "api:category-list": "reads only",
    "api:direction-list": "reads only",
    "api:event-list": "reads only",
    "api:event-detail": "reads only",
    "api:partner-list": "reads only",
    "api:partner-detail": "reads only",
    "api:document-list": "reads only",
    "public:withholding-create": "adds a record",
    "public:withholding-lift": "removes a withholding: the item is public again",
}


def _posts(pattern):
    view = getattr(pattern.callback, "view_class", None)
    return view is None or hasattr(view, "post")


def _site_patterns():
    for name, route, pattern in _patterns():
        if not route.startswith("admin/") and _posts(pattern):
            yield name


def test_every_page_that_posts_is_known_as_an_edit_or_not():
    unknown = sorted(set(_site_patterns()) - set(EDITS) - set(NOT_EDITS))
    assert not unknown, "Say in test_no_lost_updates.py how these pages edit: " + ", ".join(unknown)
    assert not (set(EDITS) | set(NOT_EDITS)) - set(_site_patterns())


def _signed_in(user, data):
    client = Client()
    client.force_login(user)
    client.post(reverse("switch-workspace"), {"workspace": f"{data['program'].pk}:{YEAR}"})
    return client


@pytest.fixture
def data(request):
    """test_url_access's small data set: one row of every model the admin shows."""
    return request.getfixturevalue("world")


@pytest.fixture
def admins(django_user_model):
    return [
        django_user_model.objects.create_superuser(f"admin{number}", password="x" * 16)
        for number in (1, 2)
    ]


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_stale_save_on_every_edit_page_is_refused(name, data, admins):
    edit = EDITS[name]
    url = edit.url(data)
    first, second = (_signed_in(user, data) for user in admins)
    first_page, second_page = first.get(url), second.get(url)
    assert first_page.status_code == second_page.status_code == 200

    post_to = edit.post_to(data) if edit.post_to else url
    action = post_to if edit.post_to else None
    saved = first.post(post_to, form_data(first_page, action, **edit.first(data)))
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    refused = second.post(post_to, form_data(second_page, action, **edit.second(data)))

    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    assert edit.saved(data) == edit.expected


# ---------------------------------------------------------------------------------------------
# The admin: every change form of every registered model.
# ---------------------------------------------------------------------------------------------

# Admins whose change form changes nothing, so that nothing can be lost through them.
READ_ONLY_ADMINS = {
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "pghistory.middlewareevents",
    "procrastinate.procrastinatejob",
    "menaprogram.jobfailure",
}
# The two changes an admin test makes, where a suffix to the longest text fields will not do:
# (field, value posted, value stored).
ADMIN_CHANGES = {
    "auth.group": (("name", "Група А", "Група А"), ("name", "Група Б", "Група Б")),
    "budget.fundingsource": (("name", "Джерело А", "Джерело А"), ("name", "Джерело Б", "")),
    "activities.indicatorvalue": (("target", "11", 11), ("actual", "9", 9)),
    "reminders.remindersettings": (
        ("dormant_after_days", "400", 400),
        ("overspend_percent", "120", 120),
    ),
    # The digest turned off (an unchecked box is not sent); the department left empty.
    "reminders.preferences": (("weekly_digest", [], False), ("department", "", None)),
    "budget.programfunding": (
        ("amount", "1 234,56", Decimal("1234.56")),
        ("amount", "2 000,00", Decimal("2000.00")),
    ),
}


def _text_fields(model_admin, form):
    """The form's plain text fields, the longest first: a suffix fits them."""
    names = []
    for name in form.base_fields:
        try:
            model_field = model_admin.model._meta.get_field(name)
        except Exception:  # noqa: BLE001 (a form field with no model field)
            continue
        plain = type(model_field) in (models.CharField, models.TextField)
        if plain and not model_field.choices and not model_field.unique:
            names.append((-(model_field.max_length or 10**6), name))
    return [name for _length, name in sorted(names)]


def _first_row(model):
    if model is Group:
        return Group.objects.order_by("pk").first()
    return model._default_manager.order_by("pk").first()


def test_every_admin_is_checked_or_read_only():
    registered = {model._meta.label_lower: a for model, a in admin.site._registry.items()}
    checked = {label for label, a in registered.items() if isinstance(a, ConcurrentEditAdmin)}
    assert set(registered) - checked == READ_ONLY_ADMINS


@pytest.mark.parametrize("label", sorted(READ_ONLY_ADMINS))
def test_a_read_only_admin_has_no_field_to_save(label, data, admins):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = admins[0]
    obj = _first_row(model)
    if not model_admin.has_change_permission(request, obj):
        return
    form = model_admin.get_form(request, obj)
    readonly = set(model_admin.get_readonly_fields(request, obj))
    assert not set(form.base_fields) - readonly


ADMIN_LABELS = sorted(
    model._meta.label_lower
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, ConcurrentEditAdmin)
)


@pytest.mark.parametrize("label", ADMIN_LABELS)
def test_a_stale_save_on_every_admin_change_form_is_refused(label, data, admins):
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    model_admin = admin.site._registry[model]
    obj = _first_row(model)
    assert obj is not None, f"The world fixture has no {label}"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    first, second = Client(), Client()
    first.force_login(admins[0])
    second.force_login(admins[1])
    first_page, second_page = first.get(url), second.get(url)
    assert first_page.status_code == second_page.status_code == 200
    if label in ADMIN_CHANGES:
        (name, posted, stored), (other, other_posted, _stored) = ADMIN_CHANGES[label]
    else:
        names = _text_fields(model_admin, first_page.context["adminform"].form)
        assert names, f"Say in ADMIN_CHANGES what to change in {label}"
        name, other = names[0], names[min(1, len(names) - 1)]
        posted = stored = f"{getattr(obj, name)} А".strip()
        other_posted = f"{getattr(obj, other)} Б".strip()

    saved = first.post(url, form_data(first_page, **{name: posted}))
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    second_data = form_data(second_page, **{other: other_posted})
    refused = second.post(url, second_data)

    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    obj.refresh_from_db()
    assert getattr(obj, name) == stored

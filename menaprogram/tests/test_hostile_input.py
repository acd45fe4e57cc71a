"""Arbitrary, huge and malformed input to every form: a form error or a save, never a 500.

Each example starts from values the form accepts, lets hypothesis corrupt any set of the
fields, posts it as an editor and checks that the answer is a page with errors (nothing
written) or a redirect after a save.
"""

import datetime

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Event
from partners.models import Partner

pytestmark = pytest.mark.django_db

# Forms that create a row; the lead adds each new workspace form here.
CREATE_FORMS = [
    "partners:partner-create",
    "partners:agreement-create",
    "activities:event-create",
    "activities:publication-create",
    "budget:expense-create",
    "budget:financing-create",
]

# What people paste: any printable Unicode (no surrogates: a browser cannot send them),
# control characters, very long strings, and the shapes of numbers and dates gone wrong.
MALFORMED = st.sampled_from(
    [
        "1 234,56",
        "1.234.567,89,0",
        "-0",
        "1e309",
        "NaN",
        "99999999999999999999",
        "31.02.2024",
        "15.03.20245",
        "2024-13-45",
        "<script>alert(1)</script>",
        "'; DROP TABLE partners_partner; --",
        "\x00",
        "🇺🇦" * 50,
    ]
)
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=50),
    # Huge strings by repetition: cheap to generate, as long as any pasted document.
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=5).map(
        lambda text: text * 2000
    ),
    MALFORMED,
)


def _valid(field):
    """A value the field accepts, so that an example corrupting nothing saves."""
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if not field.required:
        return [] if multiple else ""
    if isinstance(field, forms.DateField):
        return "15.03.2024"
    if isinstance(field, forms.DecimalField | forms.IntegerField):
        return "12"
    if isinstance(field, forms.EmailField):
        return "office@example.org"
    if isinstance(field, forms.URLField):
        return "https://example.org"
    choices = [str(value) for value, _ in getattr(field, "choices", []) if value not in ("", None)]
    if multiple:
        return choices[:1]
    if choices:
        return choices[0]
    return "Текст"


def _row_count():
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("activities", "partners", "budget")
        and model._meta.model_name != "formsubmission"
    )


@pytest.mark.parametrize("url_name", CREATE_FORMS)
def test_any_input_gets_a_form_error_or_a_save(url_name, as_user, editor, financed):
    program = financed
    # Something to choose in the forms that link to a partner or an event.
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    event = Event.objects.create(
        program=program,
        title="Візит делегації",
        kind=Event.Kind.INCOMING_DELEGATION,
        start_date=datetime.date(2024, 3, 15),
        end_date=datetime.date(2024, 3, 16),
        place=Event.Place.MENA,
    )
    event.partners.add(partner)
    client = as_user(editor)
    url = reverse(url_name)
    form = client.get(url).context["form"]
    fields = {name: field for name, field in form.fields.items() if name != "submission"}
    outcomes = []

    @settings(
        max_examples=25,
        derandomize=True,  # the same examples in every run: CI never flickers
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.sets(st.sampled_from(sorted(fields))), st.data())
    def post(corrupted, draw):
        data = {name: _valid(field) for name, field in fields.items()}
        for name in sorted(corrupted):
            data[name] = draw.draw(TEXT, label=name)
        before = _row_count()
        response = client.post(url, data)
        assert response.status_code in (200, 302), response.status_code
        outcomes.append(response.status_code)
        if response.status_code == 200:
            assert response.context["form"].errors, "a refused form says why"
            assert _row_count() == before, "a refused form writes nothing"

    post()
    assert 200 in outcomes and 302 in outcomes, "both the refusal and the save were tried"

"""The reminder of a withholding's review date: registered from public into reminders' rules."""

import datetime

import pytest
from django.utils import translation

from public.reminders import WithholdingReviews
from public.tests.builders import event, partner, withhold
from reminders import rules, selectors
from reminders.models import ReminderSettings

pytestmark = pytest.mark.django_db

REVIEW = datetime.date(2024, 3, 1)


def _items(today):
    return WithholdingReviews().items(rules.Context(today, ReminderSettings()))


def test_the_rule_is_registered_with_the_reminders_own():
    assert "withholding-review" in [rule.code for rule in rules.RULES]
    # Registered once, however often the apps get ready.
    assert [rule.code for rule in rules.RULES].count("withholding-review") == 1


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (REVIEW - datetime.timedelta(days=1), False),
        (REVIEW, True),
        (REVIEW + datetime.timedelta(days=30), True),
    ],
)
def test_a_withholding_is_to_review_from_its_review_date_on(program, today, due):
    withholding = withhold(event(program), since=datetime.date(2023, 6, 1), review_on=REVIEW)
    with translation.override("uk"):
        items = _items(today)
    assert bool(items) is due
    if due:
        (item,) = items
        assert item.audience == rules.ADMINISTRATORS
        assert item.day == REVIEW
        assert item.url.endswith(f"/public/withheld/{withholding.pk}/")
        assert "01.03.2024" in item.title and "01.06.2023" in item.detail


def test_a_new_review_date_is_a_new_reminder(program):
    withholding = withhold(partner(), since=datetime.date(2023, 6, 1), review_on=REVIEW)
    (first,) = _items(REVIEW)
    withholding.review_on = datetime.date(2024, 9, 1)
    withholding.save()
    assert _items(REVIEW) == []
    (second,) = _items(datetime.date(2024, 9, 1))
    assert first.key != second.key


def test_a_lifted_withholding_leaves_no_reminder(program):
    withholding = withhold(event(program), since=datetime.date(2023, 6, 1), review_on=REVIEW)
    withholding.delete()
    assert _items(REVIEW) == []


def test_the_rule_reads_in_one_query_however_many_items(program, django_assert_num_queries):
    for number in range(20):
        withhold(
            event(program, title=f"Захід {number}"),
            since=datetime.date(2023, 6, 1),
            review_on=REVIEW,
        )
    withhold(partner(), since=datetime.date(2023, 6, 1), review_on=REVIEW)
    with django_assert_num_queries(WithholdingReviews.queries):
        items = _items(REVIEW)
    assert len(items) == 21


def test_the_secretary_is_reminded_and_an_editor_is_not(program, controller, editor):
    withhold(event(program), since=datetime.date(2023, 6, 1), review_on=REVIEW)
    context = selectors.context(REVIEW)

    def reviews(user):
        return [
            i for i in selectors.items_for(user, context).open if i.rule == "withholding-review"
        ]

    assert len(reviews(controller)) == 1
    assert reviews(editor) == []

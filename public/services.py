"""Writes of publishing: withholding an item and lifting it."""

from django.db import transaction

from activities.models import Event
from public.models import Withholding


@transaction.atomic
def withhold(*, item, by, reason, protected_interest, harm, balance, since, review_on):
    """Keep `item` (an event or a partner) off the public site, with the three-part test."""
    field = "event" if isinstance(item, Event) else "partner"
    withholding = Withholding(
        **{field: item},
        reason=reason,
        protected_interest=protected_interest,
        harm=harm,
        balance=balance,
        since=since,
        review_on=review_on,
        withheld_by=by,
    )
    withholding.full_clean()
    withholding.save()
    return withholding


@transaction.atomic
def lift(withholding):
    withholding.delete()

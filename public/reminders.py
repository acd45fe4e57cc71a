"""The reminder that a withheld item is due for review (the register's «review on» date).

The access-to-information law lets information be withheld only while the three-part test
holds, so the secretary and the administrators are reminded on the review date to lift the
withholding or to set the next review; the item stays in the list until one of them does.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from public.models import Withholding
from reminders.rules import ADMINISTRATORS, Item, Rule


class WithholdingReviews(Rule):
    """Withheld events and partners whose review date has come."""

    code = "withholding-review"
    label = gettext_lazy("Withheld items to review")
    queries = 1

    def items(self, context):
        due = (
            Withholding.objects.filter(review_on__lte=context.today)
            .select_related("event", "partner")
            .order_by("review_on", "pk")
        )
        return [
            Item(
                rule=self.code,
                # A new review date is a new reminder: a snooze of this one does not hide it.
                key=f"{self.code}:{withholding.pk}:{withholding.review_on:%Y%m%d}",
                title=_("Review the withholding of “%(item)s” (due on %(date)s)")
                % {"item": withholding.item, "date": f"{withholding.review_on:%d.%m.%Y}"},
                detail=_(
                    "Withheld since %(since)s: lift it if the reason no longer holds, or set "
                    "the next review date."
                )
                % {"since": f"{withholding.since:%d.%m.%Y}"},
                url=reverse("public:withholding-update", args=[withholding.pk]),
                audience=ADMINISTRATORS,
                day=withholding.review_on,
            )
            for withholding in due
        ]

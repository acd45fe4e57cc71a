"""What the public side may show: the embargo the administrator sets, and the items withheld."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Event
from menaprogram.constraints import FieldCheckConstraint
from partners.models import Partner


@pghistory.track()
class PublishingSettings(models.Model):
    """One row: how long delayed items wait after they end before the public sees them."""

    embargo_days = models.PositiveSmallIntegerField(
        _("embargo, days after the end"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Delegations and events abroad appear on the public site only this many days "
            "after they end, so that no visit is announced before or while it happens."
        ),
    )

    class Meta:
        verbose_name = _("publishing settings")
        verbose_name_plural = _("publishing settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls):
        """The row, made with the defaults on first use."""
        found = cls.objects.order_by("pk").first()
        return found or cls.objects.create()


class WithholdingQuerySet(models.QuerySet):
    def of_events(self):
        return self.filter(event__isnull=False)

    def of_partners(self):
        return self.filter(partner__isnull=False)


@pghistory.track()
class Withholding(models.Model):
    """An event or a partner kept off the public site, with the reason the law asks for.

    The three-part test of the Law on access to public information (art. 6 part 2): the
    interest protected, the substantial harm publication would do to it, and why that harm
    outweighs the public's interest in knowing.
    """

    event = models.OneToOneField(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="withholding",
    )
    partner = models.OneToOneField(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="withholding",
    )
    reason = models.TextField(_("reason"))
    protected_interest = models.TextField(
        _("interest protected"),
        help_text=_("National security, territorial integrity, public order, people's safety…"),
    )
    harm = models.TextField(
        _("substantial harm of publishing"),
        help_text=_("What publishing would cause to that interest."),
    )
    balance = models.TextField(
        _("harm outweighs the public interest because"),
        help_text=_("Why the harm is greater than the public's interest in knowing."),
    )
    since = models.DateField(_("withheld since"), default=timezone.localdate)
    review_on = models.DateField(_("review on"))
    withheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withheld by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = WithholdingQuerySet.as_manager()

    class Meta:
        ordering = ["review_on", "pk"]
        verbose_name = _("withheld item")
        verbose_name_plural = _("withheld items")
        constraints = [
            FieldCheckConstraint(
                condition=(Q(event__isnull=False) & Q(partner__isnull=True))
                | (Q(event__isnull=True) & Q(partner__isnull=False)),
                name="public_withholding_one_item",
                field="reason",
                violation_error_message=_("A withholding is of one event or one partner."),
            ),
            FieldCheckConstraint(
                condition=Q(review_on__gte=models.F("since")),
                name="public_withholding_review_not_before_since",
                field="review_on",
                violation_error_message=_("The review date cannot be before the start."),
            ),
        ]

    def __str__(self):
        return str(self.item)

    @property
    def item(self):
        return self.event if self.event_id else self.partner

    @property
    def item_kind(self):
        return Event._meta.verbose_name if self.event_id else Partner._meta.verbose_name

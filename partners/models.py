"""Partners of the community abroad, the people there, and the agreements signed with them."""

import datetime

import pghistory
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from menaprogram.constraints import UKRAINIAN, FieldCheckConstraint, FieldUniqueConstraint
from menaprogram.files import validate_upload
from menaprogram.text import NameField


@pghistory.track()
class Partner(models.Model):
    """A partner community or city, an embassy, a foundation, an association…"""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("partner community")
        CITY = "city", _("partner city")
        EMBASSY = "embassy", _("embassy")
        FOUNDATION = "foundation", _("international foundation")
        ASSOCIATION = "association", _("association")
        ORGANISATION = "organisation", _("international organisation")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PROSPECTIVE = "prospective", _("prospective")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        ENDED = "ended", _("cooperation ended")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name_uk = NameField(_("name in Ukrainian"), max_length=300, db_collation=UKRAINIAN)
    name_original = NameField(_("name in the original language"), max_length=300, blank=True)
    country = CountryField(_("country"))
    region = models.CharField(_("city or region"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name_uk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            # Imports find partners by name, so a name must point at one partner.
            FieldUniqueConstraint(
                Lower("name_uk"),
                name="partners_partner_name_unique",
                field="name_uk",
                violation_error_message=_("A partner with this name already exists."),
            ),
        ]

    def __str__(self):
        return self.name_uk


@pghistory.track()
class Contact(models.Model):
    """A person at a partner whom the department is in touch with."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts"
    )
    full_name = NameField(_("full name"), max_length=200, db_collation=UKRAINIAN)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    last_contacted_on = models.DateField(_("last contacted on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["partner", "full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.full_name


class AgreementQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(
            Q(valid_until__gte=day) | Q(valid_until__isnull=True),
            status=Agreement.Status.SIGNED,
            signed_on__lte=day,
        )

    def expiring_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.valid_on(today).filter(valid_until__lte=today + datetime.timedelta(days=days))

    def in_force_during(self, year):
        """Signed agreements in force on at least one day of `year`."""
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return self.filter(
            Q(valid_until__gte=start) | Q(valid_until__isnull=True),
            status=Agreement.Status.SIGNED,
            signed_on__lte=end,
        )


@pghistory.track()
class Agreement(models.Model):
    """A partnership agreement or memorandum signed with a partner."""

    class Kind(models.TextChoices):
        PARTNERSHIP = "partnership", _("agreement on partnership contacts and cooperation")
        MEMORANDUM = "memorandum", _("memorandum")
        COOPERATION = "cooperation", _("cooperation agreement")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        SIGNED = "signed", _("signed")
        TERMINATED = "terminated", _("terminated")

    class Standing(models.TextChoices):
        """Where an agreement in force during a year stands in it (the annual report's column)."""

        # An agreement (договір) is masculine in Ukrainian: "in force" is «чинний» here and
        # «чинна» for a program, hence the context.
        NEW = "new", pgettext_lazy("agreement standing", "new")
        EXPIRING = "expiring", pgettext_lazy("agreement standing", "expiring")
        IN_FORCE = "in_force", pgettext_lazy("agreement standing", "in force")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PARTNERSHIP)
    number = models.CharField(_("number"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=500)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty for an open-ended agreement.")
    )
    signatories = models.TextField(_("signatories"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SIGNED)
    scan = models.FileField(
        _("signed scan"), upload_to="agreements/%Y/", blank=True, validators=[validate_upload]
    )
    note = models.TextField(_("note"), blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["valid_until", "partner"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            FieldCheckConstraint(
                condition=Q(valid_until__gte=F("signed_on"))
                | Q(valid_until__isnull=True)
                | Q(signed_on__isnull=True),
                name="partners_agreement_valid_until_not_before_signed",
                field="valid_until",
                violation_error_message=_("An agreement cannot expire before it is signed."),
            ),
            FieldCheckConstraint(
                condition=~Q(status="signed") | Q(signed_on__isnull=False),
                name="partners_agreement_signed_has_date",
                field="signed_on",
                violation_error_message=_("Enter the date a signed agreement was signed on."),
            ),
            FieldUniqueConstraint(
                fields=["partner", "number"],
                condition=~Q(number=""),
                name="partners_agreement_number_unique",
                field="number",
                violation_error_message=_(
                    "This partner already has an agreement with this number."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def standing_in(self, year):
        """NEW if signed in `year`, else EXPIRING if it ends in it, else IN_FORCE throughout."""
        if self.signed_on and self.signed_on.year == year:
            return self.Standing.NEW
        if self.valid_until and self.valid_until.year == year:
            return self.Standing.EXPIRING
        return self.Standing.IN_FORCE

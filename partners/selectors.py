"""Reads of partners for the staff pages."""

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from partners.models import Agreement, Partner


def partner_list(*, q="", kind="", country="", status="", has_valid_agreement=None):
    """Partners matching the filters, each with whether it has a valid agreement today."""
    valid = Agreement.objects.valid_on(timezone.localdate()).filter(partner=OuterRef("pk"))
    partners = Partner.objects.annotate(
        has_valid_agreement=Exists(valid), last_event_on=Max("events__start_date")
    )
    if q:
        # PostgreSQL folds Cyrillic case, so "тарн" finds "Гміна Тарнув".
        partners = partners.filter(Q(name_uk__icontains=q) | Q(name_original__icontains=q))
    if kind:
        partners = partners.filter(kind=kind)
    if country:
        partners = partners.filter(country=country)
    if status:
        partners = partners.filter(status=status)
    if has_valid_agreement is not None:
        partners = partners.filter(has_valid_agreement=has_valid_agreement)
    return partners.order_by("name_uk")

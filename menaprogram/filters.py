"""The base of the list pages' filters: a django-filter FilterSet with a crispy GET form."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from menaprogram.mixins import filter_form_helper

# The empty choice of a filter's drop-down: the filter is not applied.
ANY = _("any")


class ListFilter(django_filters.FilterSet):
    """A list page's filters, bound to its GET parameters; `layout` places the form's fields.

    The view binds it and shows its form; the page's selector narrows its own queryset with
    `apply()`. A parameter that does not validate is shown with its error and left out,
    rather than emptying the list.
    """

    layout = ()

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = filter_form_helper(*self.layout)
        return form

    def apply(self, queryset):
        """`queryset` narrowed by the parameters that validate."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        return self.filter_queryset(queryset)


class IntegerFilter(django_filters.Filter):
    """A whole number (django-filter's NumberFilter takes decimals)."""

    field_class = forms.IntegerField

"""The base of the list pages' filters: a django-filter FilterSet with a crispy GET form."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

# The empty choice of a filter's drop-down: the filter is not applied.
ANY = _("any")


def filter_form_helper(*layout):
    """The crispy helper of a list page's filters: a GET form with a "Filter" button."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    helper.add_input(Submit("filter", _("Filter"), css_class="btn-secondary"))
    return helper


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

"""Pages for partners: the list with filters, a partner's card, and the edit form."""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, ListView, TemplateView, UpdateView

from activities.mixins import FilteredListMixin, RoleRequiredMixin, SubmitOnceMixin
from partners import selectors
from partners.forms import PartnerFilterForm, PartnerForm
from partners.models import Partner


class PartnerListView(RoleRequiredMixin, FilteredListMixin, ListView):
    permission_required = "partners.view_partner"
    template_name = "partners/partner_list.html"
    context_object_name = "partners"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form = PartnerFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        return selectors.partner_list(filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class PartnerDetailView(RoleRequiredMixin, TemplateView):
    permission_required = "partners.view_partner"
    template_name = "partners/partner_detail.html"

    def get_context_data(self, **kwargs):
        try:
            data = selectors.partner_detail(self.kwargs["pk"])
        except Partner.DoesNotExist:
            raise Http404 from None
        return super().get_context_data(**data, **kwargs)


class PartnerSaveMixin(RoleRequiredMixin, SubmitOnceMixin):
    model = Partner
    form_class = PartnerForm
    template_name = "partners/partner_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message % {"name": self.object})
        return response

    def get_success_url(self):
        return reverse("partners:partner-detail", args=[self.object.pk])


class PartnerCreateView(PartnerSaveMixin, CreateView):
    permission_required = "partners.add_partner"
    success_message = _("Partner “%(name)s” added.")


class PartnerUpdateView(PartnerSaveMixin, UpdateView):
    permission_required = "partners.change_partner"
    success_message = _("Partner “%(name)s” saved.")

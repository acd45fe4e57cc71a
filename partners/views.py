"""Pages for partners: the list with filters, a partner's card, and the edit form."""

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DeleteView, ListView, TemplateView, UpdateView

from menaprogram.concurrency import ConcurrentEditMixin
from menaprogram.mixins import (
    ExportMixin,
    FilteredListMixin,
    ReadOnlyMixin,
    RoleRequiredMixin,
    SubmitOnceMixin,
)
from menaprogram.params import whole_number
from partners import selectors, thresholds
from partners.exports import AgreementResource
from partners.filters import AgreementFilter, PartnerFilter
from partners.forms import AgreementForm, ContactForm, PartnerForm, PartnerQuickForm
from partners.models import Agreement, Contact, Partner


class PartnerListView(ReadOnlyMixin, RoleRequiredMixin, ExportMixin, FilteredListMixin, ListView):
    export_kind = "partners"
    permission_required = "partners.view_partner"
    template_name = "partners/partner_list.html"
    context_object_name = "partners"
    paginate_by = 25

    def get_queryset(self):
        self.filters = PartnerFilter(self.request.GET or None)
        return selectors.partner_list(filters=self.filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filters.form, **kwargs)


class PartnerDetailView(ReadOnlyMixin, RoleRequiredMixin, TemplateView):
    permission_required = "partners.view_partner"
    template_name = "partners/partner_detail.html"

    def get_context_data(self, **kwargs):
        try:
            data = selectors.partner_detail(self.kwargs["pk"])
        except Partner.DoesNotExist:
            raise Http404 from None
        return super().get_context_data(**data, **kwargs)


class ContactOnPartnerPageMixin(RoleRequiredMixin, SubmitOnceMixin, SuccessMessageMixin):
    """A contact's form is drawn on its partner's page, open where the contacts are.

    Without JavaScript the address is a whole page (the partner's, with the form open); with
    htmx the same page is fetched and only its contacts section swapped in, so the person
    never leaves the partner. Saved, the person is sent back to the partner's contacts.
    """

    model = Contact
    form_class = ContactForm
    template_name = "partners/partner_detail.html"

    def get_partner_pk(self):
        return self.object.partner_id

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            data = selectors.partner_detail(self.get_partner_pk())
        except Partner.DoesNotExist:
            raise Http404 from None
        return {
            **context,
            **data,
            "contact_form": context["form"],
            "contact_editing": self.object,
            "contact_form_action": self.request.path,
        }

    def get_success_url(self):
        return reverse("partners:partner-detail", args=[self.object.partner_id]) + "#contacts"


class ContactCreateView(ContactOnPartnerPageMixin, CreateView):
    permission_required = "partners.add_contact"
    success_message = _("Contact “%(full_name)s” added.")

    def get_partner_pk(self):
        return self.kwargs["pk"]

    def form_valid(self, form):
        form.instance.partner = get_object_or_404(Partner, pk=self.kwargs["pk"])
        return super().form_valid(form)


class ContactUpdateView(ConcurrentEditMixin, ContactOnPartnerPageMixin, UpdateView):
    permission_required = "partners.change_contact"
    success_message = _("Contact “%(full_name)s” saved.")


class ContactDeleteView(RoleRequiredMixin, DeleteView):
    """GET asks for a confirmation (a page with the button); POST removes the contact."""

    permission_required = "partners.delete_contact"
    model = Contact
    template_name = "partners/contact_confirm_delete.html"

    def form_valid(self, form):
        partner_id, name = self.object.partner_id, self.object.full_name
        self.object.delete()
        messages.success(self.request, gettext("Contact “%(name)s” removed.") % {"name": name})
        return redirect(reverse("partners:partner-detail", args=[partner_id]) + "#contacts")


class PartnerSaveMixin(RoleRequiredMixin, SubmitOnceMixin, SuccessMessageMixin):
    model = Partner
    form_class = PartnerForm
    template_name = "partners/partner_form.html"

    def get_success_url(self):
        return reverse("partners:partner-detail", args=[self.object.pk])


class PartnerCreateView(PartnerSaveMixin, CreateView):
    permission_required = "partners.add_partner"
    success_message = _("Partner “%(name_uk)s” added.")


class PartnerUpdateView(ConcurrentEditMixin, PartnerSaveMixin, UpdateView):
    permission_required = "partners.change_partner"
    success_message = _("Partner “%(name_uk)s” saved.")


class PartnerQuickCreateView(RoleRequiredMixin, View):
    """A partner added from the event form without leaving it; answered in JSON for its script.

    GET has nothing to show here: it is sent to the full form for a new partner.
    """

    permission_required = "partners.add_partner"

    def get(self, request):
        return redirect("partners:partner-create")

    def post(self, request):
        form = PartnerQuickForm(request.POST)
        if not form.is_valid():
            errors = [
                f"{form.fields[name].label}: {message}" if name in form.fields else message
                for name, messages_ in form.errors.items()
                for message in messages_
            ]
            return JsonResponse({"errors": errors}, status=400)
        partner = form.save()
        message = gettext("Partner “%(name)s” added and chosen.") % {"name": partner.name_uk}
        return JsonResponse(
            {"id": partner.pk, "name": partner.name_uk, "message": message}, status=201
        )


class AgreementListView(ReadOnlyMixin, RoleRequiredMixin, ExportMixin, FilteredListMixin, ListView):
    export_kind = "agreements"
    permission_required = "partners.view_agreement"
    template_name = "partners/agreement_list.html"
    context_object_name = "agreements"
    paginate_by = 25

    @cached_property
    def expiring_days(self):
        # The administrators' threshold, as on the home page and the dashboard (one query).
        return thresholds.current().expiring_days

    def get_queryset(self):
        self.filters = AgreementFilter(self.request.GET or None)
        return selectors.agreement_list(filters=self.filters, expiring_days=self.expiring_days)

    def get_export_resource(self):
        return AgreementResource(expiring_days=self.expiring_days)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filters.form, expiring_days=self.expiring_days, **kwargs
        )


class AgreementSaveMixin(RoleRequiredMixin, SubmitOnceMixin, SuccessMessageMixin):
    model = Agreement
    form_class = AgreementForm
    template_name = "partners/agreement_form.html"

    def get_success_url(self):
        return reverse("partners:partner-detail", args=[self.object.partner_id]) + "#agreements"


class AgreementCreateView(AgreementSaveMixin, CreateView):
    permission_required = "partners.add_agreement"
    success_message = _("Agreement “%(title)s” added.")

    def get_initial(self):
        # The partner's page links here with ?partner=<pk>; anything else is ignored.
        partner = whole_number(self.request.GET.get("partner"))
        return {"partner": partner} if partner is not None else {}


class AgreementUpdateView(ConcurrentEditMixin, AgreementSaveMixin, UpdateView):
    permission_required = "partners.change_agreement"
    success_message = _("Agreement “%(title)s” saved.")

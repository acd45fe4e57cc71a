"""Staff pages for partners."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import ListView

from partners.forms import PartnerFilterForm
from partners.selectors import partner_list


class PartnerListView(PermissionRequiredMixin, ListView):
    permission_required = "partners.view_partner"
    raise_exception = True
    paginate_by = 25
    template_name = "partners/partner_list.html"

    def get_queryset(self):
        self.filter_form = PartnerFilterForm(self.request.GET or None)
        return partner_list(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form, query=query.urlencode(), **kwargs
        )

"""URL routes of the partner pages."""

from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="partner-list"),
    path("<int:pk>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("new/", views.PartnerCreateView.as_view(), name="partner-create"),
    path("quick-add/", views.PartnerQuickCreateView.as_view(), name="partner-quick-create"),
    path("<int:pk>/edit/", views.PartnerUpdateView.as_view(), name="partner-update"),
    path("<int:pk>/contacts/new/", views.ContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact-update"),
    path("contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact-delete"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
    path("agreements/new/", views.AgreementCreateView.as_view(), name="agreement-create"),
    path("agreements/<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement-update"),
]

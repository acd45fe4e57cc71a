"""Pages of the reports app: the dashboard and the council's documents."""

from django.urls import include, path

from reports import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("partners/", views.PartnershipHealthView.as_view(), name="partnership-health"),
    path("", include("reports.document_urls")),
]

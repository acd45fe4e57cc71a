"""URL routes of the council's documents; included into reports/urls.py (namespace `reports`)."""

from django.urls import path

from reports import document_views as views

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document-list"),
    path("passport/", views.PassportView.as_view(), name="passport"),
    path("passport/pdf/", views.PassportPdfView.as_view(), name="passport-pdf"),
    path("annual/<int:year>/", views.AnnualReportView.as_view(), name="annual-report"),
    path("annual/<int:year>/pdf/", views.AnnualReportPdfView.as_view(), name="annual-report-pdf"),
    path(
        "annual/<int:year>/xlsx/", views.AnnualReportXlsxView.as_view(), name="annual-report-xlsx"
    ),
    path(
        "annual/<int:year>/summary/",
        views.AnnualReportNarrativeView.as_view(),
        name="annual-report-narrative",
    ),
    path("final/", views.FinalReportView.as_view(), name="final-report"),
    path("final/pdf/", views.FinalReportPdfView.as_view(), name="final-report-pdf"),
]

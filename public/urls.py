"""URL routes of the public site (mounted at /public/) and of the register of withheld items."""

from django.urls import path

from public import register_views, views

app_name = "public"

urlpatterns = [
    path("", views.public_home, name="home"),
    path("program/", views.program_page, name="program"),
    path("execution/<int:year>/", views.execution_page, name="execution"),
    path("documents/", views.documents_page, name="documents"),
    path("documents/annual-<int:year>.pdf", views.annual_report_pdf, name="annual-report-pdf"),
    path("documents/final.pdf", views.final_report_pdf, name="final-report-pdf"),
    path("documents/amendment-<int:pk>", views.amendment_file, name="amendment-file"),
    path("events/", views.event_list, name="event-list"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("feed.atom", views.feed, name="feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("language/", views.language, name="language"),
    # The workspace: the register of withheld items and the embargo.
    path("withheld/", register_views.WithholdingListView.as_view(), name="withholding-list"),
    path(
        "withheld/new/<slug:item>/<int:pk>/",
        register_views.WithholdingCreateView.as_view(),
        name="withholding-create",
    ),
    path(
        "withheld/<int:pk>/",
        register_views.WithholdingUpdateView.as_view(),
        name="withholding-update",
    ),
    path(
        "withheld/<int:pk>/lift/",
        register_views.WithholdingLiftView.as_view(),
        name="withholding-lift",
    ),
    path("withheld/settings/", register_views.PublishingSettingsView.as_view(), name="settings"),
]

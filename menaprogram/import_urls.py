"""URL routes of the import pages, mounted at `/imports/`."""

from django.urls import path

from menaprogram import import_views as views

app_name = "imports"

urlpatterns = [
    path("", views.ImportStartView.as_view(), name="start"),
    path("template/<slug:slug>.csv", views.ImportTemplateView.as_view(), name="template"),
    path("<slug:token>/", views.ImportPreviewView.as_view(), name="preview"),
    path("<slug:token>/sheet/", views.ImportSheetView.as_view(), name="sheet"),
    path("<slug:token>/confirm/", views.ImportConfirmView.as_view(), name="confirm"),
    path("<slug:token>/cancel/", views.ImportCancelView.as_view(), name="cancel"),
]

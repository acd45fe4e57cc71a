"""URL routes of the import pages; mounted at `/imports/` inside the `activities` namespace."""

from django.urls import path

from activities import import_views as views

urlpatterns = [
    path("", views.ImportStartView.as_view(), name="import-start"),
    path("template/<slug:slug>.csv", views.ImportTemplateView.as_view(), name="import-template"),
    path("<slug:token>/", views.ImportPreviewView.as_view(), name="import-preview"),
    path("<slug:token>/confirm/", views.ImportConfirmView.as_view(), name="import-confirm"),
    path("<slug:token>/cancel/", views.ImportCancelView.as_view(), name="import-cancel"),
]

"""Stable addresses of the open data sets (mounted at /open-data/)."""

from django.urls import path

from reports import open_data_views

urlpatterns = [
    path("", open_data_views.open_data_index, name="open-data"),
    path("<slug:name>.<slug:fmt>", open_data_views.open_data_file, name="open-data-file"),
]

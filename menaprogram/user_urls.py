"""URL routes of the users page (administrators only)."""

from django.urls import path

from menaprogram import user_views

app_name = "users"

urlpatterns = [
    path("", user_views.UserListView.as_view(), name="user-list"),
    path("new/", user_views.UserCreateView.as_view(), name="user-create"),
    path("<int:pk>/", user_views.UserUpdateView.as_view(), name="user-update"),
    path("<int:pk>/password/", user_views.UserPasswordView.as_view(), name="user-password"),
]

"""URL routes of menaprogram: the admin, sign-in, and each app's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from activities import views as activities_views
from menaprogram import views
from public import api
from public import views as public_views

admin.site.site_header = _("Mena City Council: international cooperation program")
admin.site.site_title = _("International cooperation program")
admin.site.index_title = _("Data entry")

handler403 = "menaprogram.security_log.forbidden"

urlpatterns = [
    # The public home to visitors, the workspace to staff.
    path("", public_views.home, name="home"),
    path("workspace/", activities_views.switch_workspace, name="switch-workspace"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch is on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("partners/", include("partners.urls")),
    path("", include("activities.urls")),
    path("imports/", include("menaprogram.import_urls")),
    path("users/", include("menaprogram.user_urls")),
    path("budget/", include("budget.urls")),
    path("reports/", include("reports.urls")),
    # Public on purpose: the council must publish these (Resolution No. 835).
    path("open-data/", include("reports.open_data_urls")),
    path("reminders/", include("reminders.urls")),
    # The program in public: pages, feed, sitemap; and its read-only API.
    path("public/", include("public.urls")),
    path("api/v1/", api.urls()),
    path("files/<path:path>", views.serve_upload, name="upload"),
    path("admin/", admin.site.urls),
]

"""The users page: administrators add people with a role, change roles, passwords, access."""

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, ListView, UpdateView

from menaprogram import users
from menaprogram.concurrency import ConcurrentEditMixin
from menaprogram.mixins import ReadOnlyMixin, RoleRequiredMixin, SubmitOnceMixin
from menaprogram.user_forms import PasswordForm, UserCreateForm, UserUpdateForm

# The password just generated or set, kept in the session until its page has shown it once.
SHOWN_ONCE = "menaprogram.users.password"


def _show_password_once(request, user, password):
    request.session[SHOWN_ONCE] = {"user": user.pk, "password": password}


def _password_to_show(request, user):
    shown = request.session.get(SHOWN_ONCE)
    if shown and shown.get("user") == user.pk:
        del request.session[SHOWN_ONCE]
        return shown["password"]
    return None


class UserListView(ReadOnlyMixin, RoleRequiredMixin, ListView):
    permission_required = "auth.view_user"
    template_name = "users/user_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return users.user_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for person in context["people"]:
            person.role = users.role_of(person)
        return context


class UserCreateView(RoleRequiredMixin, SubmitOnceMixin, CreateView):
    permission_required = "auth.add_user"
    form_class = UserCreateForm
    template_name = "users/user_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            self.object, password = users.create_user(
                username=data["username"],
                role=data["role"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        _show_password_once(self.request, self.object, password)
        messages.success(
            self.request,
            gettext("User “%(name)s” created with the role «%(role)s».")
            % {"name": self.object.username, "role": data["role"]},
        )
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("users:user-update", args=[self.object.pk])


class PersonSaveMixin:
    """Saves the person through the service, which keeps an administrator in place.

    Below ConcurrentEditMixin in the order of classes, so that a stale form is refused first.
    """

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            users.update_user(
                user=form.instance,
                by=self.request.user,
                role=data["role"],
                is_active=data["is_active"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message({"username": self.object.username}))
        return redirect(self.get_success_url())


class UserUpdateView(
    ConcurrentEditMixin,
    PersonSaveMixin,
    RoleRequiredMixin,
    SubmitOnceMixin,
    SuccessMessageMixin,
    UpdateView,
):
    """A person's page: details, role, access, and the password reset below."""

    permission_required = "auth.change_user"
    form_class = UserUpdateForm
    template_name = "users/user_form.html"
    success_message = _("User “%(username)s” saved.")

    def get_queryset(self):
        return get_user_model().objects.prefetch_related("groups")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("password_form", PasswordForm(instance=self.object))
        kwargs["password"] = _password_to_show(self.request, self.object)
        return super().get_context_data(**kwargs)

    def get_success_url(self):
        return reverse("users:user-list")


class UserPasswordView(RoleRequiredMixin, SubmitOnceMixin, View):
    """A new password for a person: typed twice, or generated; then shown once on their page."""

    permission_required = "auth.change_user"

    def get(self, request, pk):
        return redirect(reverse("users:user-update", args=[pk]) + "#password")

    def post(self, request, pk):
        person = get_object_or_404(get_user_model(), pk=pk)
        form = PasswordForm(request.POST, instance=person)
        if not form.is_valid():
            context = {
                "object": person,
                "form": UserUpdateForm(instance=person),
                "password_form": form,
            }
            return render(request, "users/user_form.html", context)
        password = users.set_password(user=person, password=form.cleaned_data["password1"] or None)
        if person.pk == request.user.pk:
            # One's own new password: stay signed in here (other sessions end).
            update_session_auth_hash(request, person)
        _show_password_once(request, person, password)
        messages.success(
            request, gettext("A new password is set for “%(name)s”.") % {"name": person.username}
        )
        return redirect(reverse("users:user-update", args=[pk]) + "#password")

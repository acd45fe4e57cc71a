"""Building blocks shared by the workspace pages of every app."""

import uuid

from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import IntegrityError, transaction
from django.shortcuts import redirect

from activities.models import FormSubmission


class RoleRequiredMixin(PermissionRequiredMixin):
    """A signed-in person without the role's permission gets 403, not another login page."""

    raise_exception = True


class FilteredListMixin:
    """A list page's query string without the page number, for pagination and export links."""

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(query_string=query.urlencode(), **kwargs)


class SubmitOnceForm(forms.Form):
    """Adds the one-time token that lets SubmitOnceMixin recognise a form posted twice."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4


class SubmitOnceMixin:
    """Saves a form once however many times it is posted (double click, reload).

    The token row is inserted in the request's transaction: a second post that arrives
    while the first is still saving waits on the primary key, then finds it taken.
    """

    def post(self, request, *args, **kwargs):
        token = _token(request.POST.get("submission"))
        if token is None:
            return super().post(request, *args, **kwargs)
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token, user=request.user)
        except IntegrityError:
            done = FormSubmission.objects.filter(token=token, user=request.user).first()
            return redirect(done.redirect_to if done and done.redirect_to else request.path)
        response = super().post(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):
            FormSubmission.objects.filter(token=token).update(redirect_to=response.url)
        else:
            # The form came back with errors: the corrected form may be sent again.
            FormSubmission.objects.filter(token=token).delete()
        return response


def _token(value):
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError):
        return None

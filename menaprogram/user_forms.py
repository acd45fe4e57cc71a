"""Forms of the users page: a new person with a role, a person's details, a new password."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from menaprogram import users
from menaprogram.concurrency import FingerprintForm, snapshot
from menaprogram.mixins import SubmitOnceForm
from menaprogram.roles import ADMINISTRATOR, CONTROLLER, EDITOR

ROLE_CHOICES = [
    (EDITOR, _("Editor: enters and edits the program's data")),
    (CONTROLLER, _("Control: reads everything and exports, changes nothing")),
    (ADMINISTRATOR, _("Administrator: everything, including users and the program's structure")),
]


class PasswordFields(forms.Form):
    """A password typed twice, or nothing for one generated and shown once."""

    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave both empty to have a password generated and shown once."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first, getattr(self, "instance", None))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class UserCreateForm(SubmitOnceForm, PasswordFields, forms.ModelForm):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, widget=forms.RadioSelect)

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]
        labels = {"email": _("E-mail")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "submission",
            Row(Column("username", css_class="col-md-4"), Column("email", css_class="col-md-8")),
            Row(
                Column("first_name", css_class="col-md-6"),
                Column("last_name", css_class="col-md-6"),
            ),
            "role",
            Row(
                Column("password1", css_class="col-md-6"),
                Column("password2", css_class="col-md-6"),
            ),
        )
        self.helper.add_input(Submit("save", _("Create the user")))


class UserUpdateForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, widget=forms.RadioSelect)

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email", "is_active"]
        labels = {"email": _("E-mail"), "is_active": _("May sign in (active)")}
        help_texts = {
            "is_active": _(
                "Untick to deactivate: the person can no longer sign in, nothing "
                "they entered is lost."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = users.role_of(self.instance)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "submission",
            "fingerprint",
            Row(
                Column("first_name", css_class="col-md-6"),
                Column("last_name", css_class="col-md-6"),
            ),
            "email",
            "role",
            "is_active",
        )
        self.helper.add_input(Submit("save", _("Save")))

    def record_snapshot(self):
        # Only what this page edits: a sign-in (last_login) is no edit to refuse.
        return _edited(snapshot(self.instance))

    def locked_snapshot(self):
        current = super().locked_snapshot()
        return _edited(current) if current is not None else None


def _edited(values):
    return {name: value for name, value in values.items() if name in users.EDITED_FIELDS}


class PasswordForm(SubmitOnceForm, PasswordFields):
    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        # Shown on the person's page below their form: its fields' ids must not repeat.
        kwargs.setdefault("auto_id", "id_reset_%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "submission",
            Row(
                Column("password1", css_class="col-md-6"),
                Column("password2", css_class="col-md-6"),
            ),
        )
        self.helper.add_input(Submit("reset", _("Set a new password"), css_class="btn-warning"))

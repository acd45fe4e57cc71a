"""Forms of the workspace pages: events, participants, files, publications, the program."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from activities import amendments, carryover, services
from activities.models import Amendment, Event, EventFile, Participant, Program, Publication
from menaprogram.concurrency import ConflictingChange, FingerprintForm, entry
from menaprogram.forms import MoneyField
from menaprogram.mixins import SubmitOnceForm
from partners.models import Partner

DATE_HELP = _("Day, month and year: 15.03.2024.")


class DirectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.text}"


class EventForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    """An event of one program: its directions come from that program only."""

    # The participants are edited on the same page: someone else's change to them counts.
    fingerprint_related = ("participants",)

    directions = DirectionChoiceField(
        label=_("directions"),
        queryset=None,
        required=False,
        # Searchable by typing (static/js/event-form.js); a plain list without JavaScript.
        widget=forms.SelectMultiple(attrs={"size": 8, "data-searchable": ""}),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "status",
            "start_date",
            "end_date",
            "place",
            "settlement",
            "country",
            "city",
            "department",
            "partners",
            "directions",
            "description",
            "outcome",
            "participant_count",
            "youth_count",
        ]
        localized_fields = "__all__"
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.SelectMultiple(attrs={"size": 8, "data-searchable": ""}),
        }
        help_texts = {"start_date": DATE_HELP, "end_date": DATE_HELP}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        # The program is set before validation: the model checks the year against its term.
        if self.instance.pk is None:
            self.instance.program = program
        program = self.instance.program
        self.fields["directions"].queryset = program.directions.order_by("number")
        self.fields["partners"].queryset = Partner.objects.order_by("name_uk", "pk")
        self.fields["partners"].help_text = _(
            "Type a few letters of the name to find a partner; several can be chosen."
        )
        self.fields["directions"].help_text = _(
            "Type a word or a number to find a direction; several can be chosen."
        )
        # The participants' formset sits between the fields and the button: no <form> here.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "submission",
            "fingerprint",
            "title",
            Row(Column("kind", css_class="col-md-6"), Column("status", css_class="col-md-6")),
            Row(
                Column("start_date", css_class="col-md-6"),
                Column("end_date", css_class="col-md-6"),
            ),
            Row(
                Column("place", css_class="col-md-3"),
                Column("settlement", css_class="col-md-3"),
                Column("country", css_class="col-md-3"),
                Column("city", css_class="col-md-3"),
            ),
            "department",
            "partners",
            HTML('{% include "activities/includes/_quick_partner.html" %}'),
            "directions",
            "description",
            "outcome",
            Row(
                Column("participant_count", css_class="col-md-6"),
                Column("youth_count", css_class="col-md-6"),
            ),
        )

    def clean_title(self):
        # Titles come pasted from letters and programmes, often with stray spaces.
        return " ".join(self.cleaned_data["title"].split())


class ParticipantForm(forms.ModelForm):
    """A row of the participants' table: compact inputs, labelled in the template."""

    class Meta:
        model = Participant
        fields = ["full_name", "side", "role", "organisation", "is_youth"]
        widgets = {
            "full_name": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "side": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "role": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "organisation": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            "is_youth": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


class BaseParticipantFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


ParticipantFormSet = forms.inlineformset_factory(
    Event,
    Participant,
    form=ParticipantForm,
    formset=BaseParticipantFormSet,
    # One blank row; "Add a participant" adds more in the browser without a round trip.
    extra=1,
    can_delete=True,
)


class HeldForm(forms.Form):
    outcome = forms.CharField(
        label=_("outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What came of the event: agreements reached, what was done."),
    )


class EventFileForm(forms.ModelForm):
    class Meta:
        model = EventFile
        fields = ["title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, JPEG or PNG.")


class PublicationForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    """A publication of one program, about one of that program's events or none."""

    class Meta:
        model = Publication
        fields = ["channel", "title", "published_on", "event", "url", "note"]
        localized_fields = "__all__"
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"published_on": DATE_HELP}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.program = program
        self.fields["event"].queryset = Event.objects.for_program(self.instance.program).order_by(
            "-start_date", "title"
        )
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


def _shown(indicator, figure):
    """A count as «75», not «75,00»; other figures as stored."""
    if figure is not None and indicator.counts_whole and figure == figure.to_integral():
        return int(figure)
    return figure


class IndicatorValuesForm(SubmitOnceForm, FingerprintForm):
    """A year's indicator values as a grid: the target and the actual of each indicator.

    Both empty means no value for the year. The grid as shown is one record for the stale-form
    check (like the allotments' grid): a value someone entered meanwhile is caught too.
    """

    def __init__(self, *args, program, year, indicators, current, **kwargs):
        self.program, self.year, self.current = program, year, current
        self.indicators = indicators
        super().__init__(*args, **kwargs)
        for indicator in indicators:
            value = current.get(indicator.pk)
            for part, label in (("target", _("target")), ("actual", _("actual"))):
                name = self.field_name(indicator, part)
                # Typed as the council writes numbers: «1 234,5»; ASCII digits only.
                self.fields[name] = MoneyField(
                    label=f"{indicator.name}, {indicator.unit}: {label}",
                    min_value=0,
                    required=False,
                    localize=True,
                    max_digits=14,
                    decimal_places=2,
                    initial=_shown(indicator, getattr(value, part) if value else None),
                )
                self.fields[name].widget.attrs.update(
                    {"inputmode": "decimal", "class": "form-control text-end"}
                )

    @staticmethod
    def field_name(indicator, part):
        return f"{part}_{indicator.pk}"

    def clean(self):
        missing = [
            indicator
            for indicator in self.indicators
            for part in ("target", "actual")
            if self.field_name(indicator, part) not in self.data
        ]
        if missing:
            raise forms.ValidationError(
                _("The grid arrived incomplete, so nothing was changed. Open the page again.")
            )
        cleaned = super().clean()
        for indicator in self.indicators:
            target_name = self.field_name(indicator, "target")
            target = cleaned.get(target_name)
            actual = cleaned.get(self.field_name(indicator, "actual"))
            if target is None and actual is not None and target_name not in self.errors:
                self.add_error(target_name, _("Enter the year's target before its actual."))
            if indicator.counts_whole:
                for part, value in (("target", target), ("actual", actual)):
                    if value is not None and value != value.to_integral():
                        self.add_error(
                            self.field_name(indicator, part),
                            _("“%(unit)s” are counted in whole numbers: %(value)s has a fraction.")
                            % {"unit": indicator.unit, "value": number_format(value.normalize())},
                        )
        return cleaned

    def values(self):
        """{indicator: (target, actual)} from the cleaned data."""
        return {
            indicator: (
                self.cleaned_data.get(self.field_name(indicator, "target")),
                self.cleaned_data.get(self.field_name(indicator, "actual")),
            )
            for indicator in self.indicators
        }

    def has_record(self):
        return True

    def record_snapshot(self):
        return self._snapshot(self.current)

    def locked_snapshot(self):
        return self._snapshot(services.lock_indicator_values(program=self.program, year=self.year))

    def _snapshot(self, values):
        found = {}
        for indicator in self.indicators:
            value = values.get(indicator.pk)
            for part in ("target", "actual"):
                figure = getattr(value, part) if value else None
                shown = "—" if figure is None else number_format(figure, 2, force_grouping=True)
                found[self.field_name(indicator, part)] = entry(
                    None if figure is None else str(figure), shown
                )
        return found

    def describe_change(self, name, was, now):
        return ConflictingChange(name, self.fields[name].label, (was or [None, "—"])[1], now[1])

    def bound_rows(self):
        """(indicator, target field, actual field) per indicator, errors marked."""
        rows = []
        for indicator in self.indicators:
            fields = [self[self.field_name(indicator, part)] for part in ("target", "actual")]
            for field in fields:
                if field.errors:
                    field.field.widget.attrs["class"] += " is-invalid"
            rows.append((indicator, *fields))
        return rows


class NextProgramForm(SubmitOnceForm, forms.Form):
    """The next program: its name, term and adopting decision, and what carries over."""

    title = forms.CharField(label=_("title"), max_length=500)
    short_title = forms.CharField(label=_("short title"), max_length=100)
    start_year = forms.IntegerField(label=_("first year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("last year"), min_value=2000, max_value=2100)
    decision_title = forms.CharField(
        label=_("adopting decision: title"), max_length=500, required=False
    )
    decision_number = forms.CharField(
        label=_("adopting decision: number"), max_length=50, required=False
    )
    decision_date = forms.DateField(
        label=_("adopting decision: date"), required=False, help_text=DATE_HELP
    )
    parts = forms.MultipleChoiceField(
        label=_("Carry over from this program"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Copied to be edited before the program is adopted. Funding per year is entered "
            "anew; partners, contacts and agreements belong to the council and stay as they are."
        ),
    )

    def __init__(self, *args, source, **kwargs):
        self.source = source
        term = source.end_year - source.start_year
        start = source.end_year + 1
        initial = {
            "title": source.title.replace(
                f"{source.start_year}-{source.end_year}", f"{start}-{start + term}"
            ).replace(f"{source.start_year}–{source.end_year}", f"{start}–{start + term}"),
            "short_title": source.short_title.replace(
                f"{source.start_year}–{source.end_year}", f"{start}–{start + term}"
            ),
            "start_year": start,
            "end_year": start + term,
            "parts": [part.slug for part in carryover.parts()],
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["parts"].choices = [(part.slug, part.label) for part in carryover.parts()]
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Start the next program")))

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        return data


class ProgramForm(SubmitOnceForm, FingerprintForm, forms.ModelForm):
    """The program's own fields: its passport, its adopting decision, its status.

    A draft is edited here field by field. Once the program is in force, what the council
    changes only by a decision (the rows an amendment rewrites, and the term) is shown but
    locked: it changes through a draft amendment, so that the history and the versions in
    force stay true. The rest (signatory, the decision's details, the report threshold) stays
    correctable here.
    """

    # The rows an amendment changes (amendments.ProgramFieldKind, UnitsKind and TermKind).
    AMENDED = (*amendments.PASSPORT_FIELDS, *amendments.UNIT_FIELDS, "start_year", "end_year")

    class Meta:
        model = Program
        fields = [
            "title",
            "short_title",
            "start_year",
            "end_year",
            "status",
            "basis_document",
            "developers",
            "co_developers",
            "participants",
            "responsible_executor",
            "control",
            "signatory_position",
            "signatory_name",
            "decision_title",
            "decision_number",
            "decision_date",
            "decision_session",
            "decision_convocation",
            "deviation_threshold",
        ]
        localized_fields = "__all__"
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "basis_document": forms.Textarea(attrs={"rows": 2}),
            "developers": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "control": forms.Textarea(attrs={"rows": 2}),
            "decision_title": forms.Textarea(attrs={"rows": 2}),
            "co_developers": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {"decision_date": DATE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read before the post changes it: the lock follows the status the program had.
        self.in_force = self.instance.status != Program.Status.DRAFT
        if self.in_force:
            for name in self.AMENDED:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Changed by an amendment to the program.")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "submission",
            "fingerprint",
            Fieldset(
                _("The program"),
                "title",
                "short_title",
                Row(
                    Column("start_year", css_class="col-md-4"),
                    Column("end_year", css_class="col-md-4"),
                    Column("status", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                _("Passport"),
                "basis_document",
                "developers",
                "co_developers",
                "participants",
                "responsible_executor",
                "control",
                Row(
                    Column("signatory_position", css_class="col-md-6"),
                    Column("signatory_name", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Adopting decision"),
                "decision_title",
                Row(
                    Column("decision_number", css_class="col-md-6"),
                    Column("decision_date", css_class="col-md-6"),
                ),
                Row(
                    Column("decision_session", css_class="col-md-6"),
                    Column("decision_convocation", css_class="col-md-6"),
                ),
            ),
            Fieldset(_("Reports"), "deviation_threshold"),
        )
        self.helper.add_input(Submit("save", _("Save")))

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        decided = cleaned.get("decision_number") and cleaned.get("decision_date")
        # Checked when a draft is set in force: a program loaded before this page may lack it.
        if status and status != Program.Status.DRAFT and not self.in_force and not decided:
            self.add_error(
                "status",
                _("Enter the adopting decision's number and date before the program is in force."),
            )
        # The versions in force are read back from the adopted amendments: a draft again
        # would let its text be rewritten under them.
        if (
            status == Program.Status.DRAFT
            and self.in_force
            and Amendment.objects.adopted().filter(program=self.instance).exists()
        ):
            self.add_error(
                "status", _("The program has adopted amendments: it cannot become a draft again.")
            )
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if not self.in_force and start and end and end >= start and self.instance.pk:
            for problem in amendments.term_problems(self.instance, start, end):
                self.add_error("end_year", problem)
        return cleaned

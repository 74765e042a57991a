"""Forms of the follow-up pages. They parse what was typed; the services keep the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.models import Unit
from delaktig.core.forms import AccessibleErrorsMixin

from . import files

DATE_HELP = _("For example 2026-03-15.")
NOT_A_DATE = _("Write the date as year-month-day, for example 2026-03-15.")
NOT_A_NUMBER = _("Write the cost as a whole number of kronor, without spaces or letters.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, *, required=True):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=DATE_HELP,
        error_messages={"invalid": NOT_A_DATE, "required": _("Write the date.")},
    )


def kronor_field(label, *, required=True):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=10**12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": NOT_A_NUMBER,
            "min_value": _("The cost cannot be negative."),
            "max_value": NOT_A_NUMBER,
            "required": _("Write the budgeted cost."),
        },
    )


class DecisionForm(AccessibleErrorsMixin, forms.Form):
    decided_on = date_field(_("Date of the decision"))
    body = forms.CharField(
        label=_("Decided by"),
        max_length=150,
        help_text=_("For example kommunstyrelsen or kultur- och fritidsnämnden."),
        error_messages={"required": _("Say which body made the decision.")},
    )
    reference = forms.CharField(label=_("Reference (diarienummer)"), max_length=60, required=False)
    funded = forms.TypedMultipleChoiceField(
        label=_("Proposals the decision funds"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Those the count selected are ticked. Change this only if the decision differs."
        ),
    )
    deviation_reason = forms.CharField(
        label=_("Why the decision differs from the result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public. Needed only if the decision funds other proposals than the count."),
    )

    def __init__(self, *args, proposals, winners, **kwargs):
        super().__init__(*args, **kwargs)
        self.winners = winners
        self.fields["funded"].choices = [
            (
                p.pk,
                f"{p.title}"
                + (f" ({p.area.name})" if p.area_id else "")
                + (" – " + str(_("selected by the count")) if p.pk in winners else ""),
            )
            for p in proposals
        ]
        self.fields["funded"].widget.attrs["class"] = "checkboxes"

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date of the decision cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        funded = set(cleaned.get("funded") or ())
        reason = (cleaned.get("deviation_reason") or "").strip()
        if "funded" in cleaned and funded != self.winners and not reason:
            self.add_error(
                "deviation_reason",
                _(
                    "The decision differs from the counted result. Say publicly why, in "
                    "the field for the reason."
                ),
            )
        return cleaned


class ProjectForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You can use Markdown: **bold**, lists with -, links."),
    )
    unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False
    )
    responsible = forms.ModelChoiceField(
        label=_("Responsible official"), queryset=None, required=False
    )
    planned_start = date_field(_("Planned start"), required=False)
    planned_end = date_field(_("Planned end"), required=False)
    budgeted_cost = kronor_field(_("Budgeted cost (kr)"))
    actual_cost = kronor_field(_("Cost so far (kr)"), required=False)
    progress = forms.IntegerField(
        label=_("Progress (per cent)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Write the progress as a whole number between 0 and 100."),
            "min_value": _("Progress is a per cent between 0 and 100."),
            "max_value": _("Progress is a per cent between 0 and 100."),
        },
    )

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("name")
        self.fields["responsible"].queryset = officials
        self.fields["responsible"].label_from_instance = lambda u: u.full_name or u.email

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end cannot be before the planned start."))
        return cleaned


class StatusForm(AccessibleErrorsMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a status.")},
    )
    reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when the project is delayed or cancelled. Everyone can read it."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class UpdateForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Heading"),
        max_length=200,
        error_messages={"required": _("Give the update a heading.")},
    )
    dated = date_field(_("Date"))
    body = forms.CharField(
        label=_("What has happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("You can use Markdown: **bold**, lists with -, links."),
        error_messages={"required": _("Write what has happened.")},
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP. The position, camera and other hidden details are removed."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_alt = forms.CharField(
        label=_("Description of the photo (alt text)"),
        max_length=300,
        required=False,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    document = forms.FileField(
        label=_("Document (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=_("At most 10 MB."),
    )
    document_title = forms.CharField(
        label=_("Title of the document"), max_length=200, required=False
    )

    def clean_dated(self):
        value = self.cleaned_data["dated"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return files.checked_photo(upload)

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        files.check_pdf(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error(
                "photo_alt", _("Describe the photo for people who cannot see it (alt text).")
            )
        if cleaned.get("document") and not (cleaned.get("document_title") or "").strip():
            self.add_error("document_title", _("Give the document a title."))
        return cleaned

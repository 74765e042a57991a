from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.models import District
from delaktig.associations.models import Association, AssociationStatus, Category
from delaktig.core.forms import AccessibleErrorsMixin
from delaktig.processes.models import BudgetRound
from delaktig.proposals.forms import ProposalImageField
from delaktig.proposals.images import max_megabytes

from .models import Meeting, MeetingKind, TargetGroup
from .services import MAX_KEY_POINTS

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _formfield(field, **kwargs):
    """Addresses typed without a scheme are https (Django 6's default, said now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class MeetingForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        formfield_callback = _formfield
        fields = [
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "address",
            "step_free",
            "hearing_loop",
            "interpreting",
            "digital_url",
            "target_group",
            "language",
            "district",
            "process",
            "capacity",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "starts_at": DATETIME,
            "ends_at": DATETIME,
        }
        help_texts = {
            "digital_url": _(
                "Only those whose registration is confirmed see the link, from one hour before "
                "the start."
            ),
            "process": _("Leave empty for a meeting of its own."),
            "capacity": _("When the places are taken, people can join a waiting list."),
            "kind": _("A focus group is by invitation only."),
            "district": _("Leave empty for the whole municipality."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = BudgetRound.objects.order_by("name")
        self.fields["district"].queryset = District.objects.all()
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class CancelMeetingForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the meeting's page and in the e-mail to those registered."),
    )


class RegistrationForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm the registration. It counts once you confirm."),
    )
    needs = forms.CharField(
        label=_("Is there anything you need to take part?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example an interpreter, a hearing loop or food allergies."),
    )
    waiting_ok = forms.BooleanField(
        label=_("Put me on the waiting list if the meeting is full"), required=False
    )

    def __init__(self, *args, full=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not full:
            self.fields["waiting_ok"].widget = forms.HiddenInput()


class CalendarFilterForm(forms.Form):
    """The calendar's filters: a GET form, so the page works without JavaScript and a filtered
    calendar can be bookmarked."""

    omrade = forms.ModelChoiceField(
        label=_("Area"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("All areas"),
    )
    typ = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=[("", _("All kinds")), *MeetingKind.choices],
        required=False,
    )
    for_vem = forms.ChoiceField(
        label=_("For whom"),
        choices=[("", _("Everyone and all groups")), *TargetGroup.choices],
        required=False,
    )


class AssociationFilterForm(forms.Form):
    kategori = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *Category.choices], required=False
    )
    omrade = forms.ModelChoiceField(
        label=_("Area"), queryset=District.objects.all(), required=False, empty_label=_("All areas")
    )


class InviteAssociationsForm(forms.Form):
    associations = forms.ModelMultipleChoiceField(
        label=_("Associations to invite"),
        queryset=Association.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["associations"].queryset = queryset.filter(status=AssociationStatus.LISTED)
        self.fields["associations"].label_from_instance = lambda a: (
            f"{a.name} ({a.get_category_display()}"
            + (f", {a.district.name}" if a.district_id else "")
            + ")"
        )


class InvitePersonForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))


class NotesForm(AccessibleErrorsMixin, forms.Form):
    notes = forms.CharField(
        label=_("Notes from the meeting"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: # heading, - list, **bold**, [link](https://…)."),
    )
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=0, max_value=100000, required=False
    )
    key_points = forms.CharField(
        label=_("Key points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_points"].help_text = _(
            "One key point a line, at most %(n)d, each at most 300 characters. The dialogue "
            "report can cite them."
        ) % {"n": MAX_KEY_POINTS}

    def points(self) -> list[str]:
        return self.cleaned_data.get("key_points", "").splitlines()


class PhotoForm(AccessibleErrorsMixin, forms.Form):
    image = ProposalImageField(label=_("Photo"))
    alt = forms.CharField(
        label=_("Describe the photo"),
        max_length=300,
        help_text=_("For people who cannot see it: what does the photo show?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _(
            "JPEG, PNG or WebP, at most %(size)s MB. The photo's metadata is removed."
        ) % {"size": max_megabytes()}

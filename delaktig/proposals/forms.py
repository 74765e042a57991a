"""Forms for proposals. Labels are Swedish through the catalogue; errors sit by each field."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin
from delaktig.core.money import format_kronor

from .cost_limits import ballot_cost_limits, limit_for
from .images import check_image_pixels, check_image_size, check_image_type, max_megabytes
from .models import Comment, Proposal, Report

MAX_COST = 1_000_000_000

# Spaces people put in numbers: ordinary, non-breaking, narrow non-breaking, thin, figure.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
# "85000", "85 000", each with "kr", "kr.", "kronor", "sek" or ":-" after it.
_COST = re.compile(r"^(\d+|\d{1,3}(?: \d{3})+) ?(?:kr\.?|kronor|sek|:-)?$", re.IGNORECASE)


class CostField(forms.IntegerField):
    """Whole kronor as people write them: "85 000", "85 000 kr", "85 000:-", "85000 kronor"
    (also with a non-breaking space). Anything else is refused with an example."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        match = _COST.match(_SPACES.sub(" ", str(value)).strip())
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(match.group(1).replace(" ", ""))


class ProposalImageField(forms.ImageField):
    """An image checked for size first, then its pixel count from the header (before Django's
    ImageField decodes it), then read by Pillow: JPEG, PNG or WebP only."""

    default_error_messages = {
        "invalid_image": _("The file must be an image in JPEG, PNG or WebP format."),
    }

    def to_python(self, data):
        if data in self.empty_values:
            return None
        check_image_size(data)
        check_image_pixels(data)
        upload = super().to_python(data)
        check_image_type(upload)
        return upload


def _cost_warning(where: str, cap: int) -> str:
    return gettext(
        "The cost is more than all the money %(where)s has, %(cap)s. The proposal cannot be "
        "funded unless it costs less. Check the cost, or send the proposal as it is."
    ) % {"where": where, "cap": format_kronor(cap)}


def _ballot_cap_warning(where: str, cap: int) -> str:
    return gettext(
        "The cost is more than %(cap)s, the most one proposal may cost on the ballot of "
        "%(where)s. Unless it costs less, the proposal cannot be voted on. Check the cost, or "
        "send the proposal as it is."
    ) % {"where": where, "cap": format_kronor(cap)}


def _cap_and_warning(where: str, money: int | None, ballot_cap: int | None):
    """(the most a proposal may cost here, the warning above it), or None without a limit:
    the ballot's own cap when it is the lower one, else all the money there is."""
    if ballot_cap and (not money or ballot_cap < money):
        return ballot_cap, _ballot_cap_warning(where, ballot_cap)
    if money:
        return money, _cost_warning(where, money)
    return None


class ProposalForm(AccessibleErrorsMixin, forms.ModelForm):
    estimated_cost = CostField(
        label=_("Estimated cost in kronor"),
        min_value=0,
        max_value=MAX_COST,
        help_text=_("Whole kronor, for example 85 000. A guess is fine: case officers check it."),
        error_messages={
            "invalid": _("Write the cost in whole kronor with digits, for example 85 000."),
        },
    )
    image = ProposalImageField(label=_("Image (optional)"), required=False)

    class Meta:
        model = Proposal
        fields = [
            "title",
            "description",
            "estimated_cost",
            "area",
            "category",
            "image",
            "image_alt",
            "pseudonym",
        ]
        labels = {
            "title": _("Title"),
            "description": _("Describe your proposal"),
            "area": _("Area"),
            "category": _("Category (optional)"),
            "image_alt": _("Image description"),
            "pseudonym": _("Sign with a pseudonym (optional)"),
        }
        help_texts = {
            "title": _("At most 120 characters."),
            "description": _(
                "What do you want to do, where, and who will benefit? At most 5000 characters."
            ),
            "image_alt": _(
                "Required if you add an image. Describe it for people who cannot see it."
            ),
            "pseudonym": _(
                "Shown instead of your name with the proposal. Leave it empty to show your name. "
                "It may not be the name of someone else in the round. Case officers still see "
                "who you are."
            ),
        }
        error_messages = {
            "title": {"required": _("Write a title for your proposal.")},
            "description": {"required": _("Describe your proposal.")},
            "area": {"invalid_choice": _("Choose one of the round's areas.")},
            "category": {"invalid_choice": _("Choose one of the round's categories.")},
        }

    def __init__(self, *args, budget_round, kept_image=None, may_sign=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget_round = budget_round
        # A pseudonym only where the round allows it, and never for a code voter (no name at all
        # is shown for them).
        if not (budget_round.pseudonyms_allowed and may_sign):
            del self.fields["pseudonym"]
        # An image kept from an earlier send of this form (kept_images.py), used unless a new
        # one is chosen or the image is removed.
        self.kept_image = kept_image
        self.uses_kept_image = False
        # A cost above what the area (or round) has in all: said once before it is sent.
        self.cost_warning = ""
        self.cost_needs_confirming = False
        areas = budget_round.areas.all()
        self.fields["area"].queryset = areas
        self.fields["area"].required = bool(areas)
        self.fields["area"].error_messages["required"] = _("Choose the area your proposal is for.")
        self.fields["area"].empty_label = _("Choose an area")
        self.fields["category"].queryset = budget_round.categories.all()
        self.fields["category"].empty_label = _("No category")
        if not areas:
            del self.fields["area"]
        if not self.fields["category"].queryset.exists():
            del self.fields["category"]
        self.fields["image"].help_text = _("JPEG, PNG or WebP, at most %(size)s MB.") % {
            "size": max_megabytes()
        }

    def clean(self):
        cleaned = super().clean()
        image = cleaned.get("image")
        no_new_choice = image is not False and not isinstance(image, UploadedFile)
        if self.kept_image and "image" not in self.errors and no_new_choice:
            kept = self.kept_image.upload()
            if kept is not None:
                cleaned["image"] = image = kept
                self.uses_kept_image = True
        if image and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        self._warn_about_cost(cleaned)
        return cleaned

    def cost_caps(self) -> dict:
        """For the page's script: {area id, or "" without areas: [the most a proposal may cost,
        the warning for a cost above it]}."""
        limits = ballot_cost_limits(self.budget_round)
        if "area" in self.fields:
            places = [
                (str(a.pk), a.name, a.budget, limit_for(limits, a.pk))
                for a in self.fields["area"].queryset
            ]
        else:
            budget_round = self.budget_round
            places = [("", budget_round.name, budget_round.total_budget, limit_for(limits, None))]
        caps = {}
        for key, where, money, ballot_cap in places:
            found = _cap_and_warning(where, money, ballot_cap)
            if found:
                caps[key] = list(found)
        return caps

    def _warn_about_cost(self, cleaned) -> None:
        """A cost above all the money of the area (or round), or above the ballot's own cap for
        one proposal (voting registers it, cost_limits.py): said once before it is sent."""
        cost = cleaned.get("estimated_cost")
        area = cleaned.get("area")
        if cost is None:
            return
        money = area.budget if area else self.budget_round.total_budget
        ballot_cap = limit_for(ballot_cost_limits(self.budget_round), area.pk if area else None)
        found = _cap_and_warning(area.name if area else self.budget_round.name, money, ballot_cap)
        if found is None or cost <= found[0]:
            return
        self.cost_warning = found[1]
        self.cost_needs_confirming = self.data.get("cost_confirmed") != str(cost)

    def _post_clean(self):
        # The service writes the instance; do not let the ModelForm copy data onto it.
        pass


class CommentForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        help_texts = {"body": _("At most 2000 characters. Everyone can read it.")}
        error_messages = {"body": {"required": _("Write your comment.")}}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class ReportForm(AccessibleErrorsMixin, forms.ModelForm):
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = ["reason"]
        labels = {"reason": _("What is wrong?")}
        help_texts = {"reason": _("A moderator reads your report. Your name is not shown.")}
        error_messages = {"reason": {"required": _("Tell us what is wrong.")}}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class HideForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Public reason for hiding"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to everyone instead of the content."),
        error_messages={"required": _("Write the public reason for hiding.")},
    )


class SortChoice:
    NEWEST = "newest"
    SUPPORTED = "supported"


class ProposalFilterForm(forms.Form):
    area = forms.ModelChoiceField(queryset=None, required=False, label=_("Area"))
    category = forms.ModelChoiceField(queryset=None, required=False, label=_("Category"))
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (SortChoice.NEWEST, _("Newest first")),
            (SortChoice.SUPPORTED, _("Most supported first")),
        ],
    )

    def __init__(self, *args, areas, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].empty_label = _("All areas")
        self.fields["category"].queryset = categories
        self.fields["category"].empty_label = _("All categories")
        if not areas:
            del self.fields["area"]
        if not categories:
            del self.fields["category"]

    def filters(self) -> dict:
        """The valid filters only: a tampered value is ignored, never a 500."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "area": data.get("area"),
            "category": data.get("category"),
            "sort": data.get("sort") or SortChoice.NEWEST,
        }

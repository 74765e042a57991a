from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.models import District
from delaktig.core.forms import AccessibleErrorsMixin

from .models import Category
from .validation import (
    CONTACT_NAME_MAX,
    DESCRIPTION_MAX,
    NAME_MAX,
    check_description,
    check_plain_text,
    check_website,
)


class SearchForm(forms.Form):
    """The register's GET form; every field may be empty."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kategori = forms.ChoiceField(label=_("Category"), required=False)
    omrade = forms.ChoiceField(label=_("Area"), required=False)

    WHOLE = "hela"

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kategori"].choices = [("", _("All categories")), *Category.choices]
        self.fields["omrade"].choices = [
            ("", _("All areas")),
            (self.WHOLE, _("Active in the whole municipality")),
            *((str(d.pk), d.name) for d in districts),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        area = self.cleaned_data["omrade"]
        return {
            "text": self.cleaned_data["q"],
            "categories": [self.cleaned_data["kategori"]] if self.cleaned_data["kategori"] else [],
            "districts": [int(area)] if area and area != self.WHOLE else [],
            "whole_municipality": area == self.WHOLE,
        }


class _PlainText(forms.CharField):
    default_validators = [check_plain_text]


class EntryForm(AccessibleErrorsMixin, forms.Form):
    name = _PlainText(label=_("The association's name"), max_length=NAME_MAX)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose a category")), *Category.choices]
    )
    district = forms.ModelChoiceField(
        label=_("Area"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("The whole municipality"),
        help_text=_("Where the association is mostly active."),
    )
    description = _PlainText(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[check_description],
        help_text=_(
            "What the association does and for whom, in plain text. At most %(max)d characters."
        )
        % {"max": DESCRIPTION_MAX},
    )
    website = forms.CharField(
        label=_("Website"),
        required=False,
        max_length=200,
        validators=[check_website],
        help_text=_("For example https://www.forening.se"),
        widget=forms.URLInput,
    )
    contact_email = forms.EmailField(
        label=_("Public contact e-mail address"),
        required=False,
        help_text=_(
            "Preferably a role address such as info@forening.se. It is shown in the register."
        ),
    )
    contact_name = _PlainText(
        label=_("Contact person's name"),
        required=False,
        max_length=CONTACT_NAME_MAX,
        help_text=_("Shown in the register only if the person agrees."),
    )
    contact_consent = forms.BooleanField(
        label=_("The contact person agrees that their name is shown in the register"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's own length check would cut the text silently: the message says more.
        self.fields["description"].widget.attrs.pop("maxlength", None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact_name") and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                _(
                    "A named contact person is shown only if they agree to it. Tick the box, "
                    "or leave the name out and give a role address such as info@…"
                ),
            )
        return cleaned


class ApplicationForm(EntryForm):
    applicant_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_(
            "We send a link here that you must follow before the municipality sees the "
            "application, and then the decision. It is not shown in the register."
        ),
    )


class RejectForm(AccessibleErrorsMixin, forms.Form):
    reason = _PlainText(
        label=_("Why is the application not approved?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant gets this text by e-mail."),
    )


class RemovalRequestForm(AccessibleErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The contact e-mail address shown for the association."),
    )


class InviteFilterForm(AccessibleErrorsMixin, forms.Form):
    process = forms.ModelChoiceField(
        label=_("Invite to"), queryset=None, empty_label=_("Choose a dialogue or round")
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every category."),
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None chosen: every area. Associations active in the whole municipality are always "
            "included."
        ),
    )
    message = _PlainText(
        label=_("A few words of your own in the e-mail"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes


class ImportForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("The register file (CSV or Excel)"),
        help_text=_(
            "Columns: namn, kategori, område, beskrivning, webbplats, e-post, kontaktperson, "
            "samtycke. The first row holds the column names."
        ),
    )

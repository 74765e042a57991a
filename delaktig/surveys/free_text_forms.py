"""Forms of the officials' free-text pages: themes, tags, quotes, exports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin

from .models import Theme


class ThemeForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the theme"),
        max_length=80,
        error_messages={"required": _("Give the theme a name.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        help_text=_("What answers with this theme are about."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _theme_choices(survey):
    return Theme.objects.filter(survey=survey).order_by("name")


class TagForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _theme_choices(survey)


class BulkTagForm(AccessibleErrorsMixin, forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        error_messages={"required": _("Choose a theme.")},
    )

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = _theme_choices(survey)


class QuoteForm(AccessibleErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Text as published"),
        help_text=_("Replace what could point someone out with “[…]”. The answer itself stays."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("The quote needs a text.")},
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = _theme_choices(survey)
        self.fields["text"].max_length = 10_000


class ConfirmQuoteForm(AccessibleErrorsMixin, forms.Form):
    confirmed = forms.BooleanField(
        label=_("I have checked that the quote does not point anyone out"), required=False
    )


class ExportForm(AccessibleErrorsMixin, forms.Form):
    format = forms.ChoiceField(
        label=_("File format"),
        choices=[("xlsx", _("Excel (XLSX)")), ("csv", _("CSV (semicolon-separated)"))],
        initial="xlsx",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose CSV or XLSX.")},
    )

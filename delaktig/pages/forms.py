from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin

MARKDOWN_HELP = _(
    "Markdown: a blank line starts a new paragraph, # a heading, - a list item, "
    "[text](https://…) a link."
)


class PageForm(AccessibleErrorsMixin, forms.Form):
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=150)
    summary_sv = forms.CharField(
        label=_("Summary in Swedish"),
        max_length=300,
        required=False,
        help_text=_("One sentence shown under the title and in lists."),
    )
    body_sv = forms.CharField(
        label=_("Text in Swedish"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=MARKDOWN_HELP,
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=150, required=False)
    summary_en = forms.CharField(label=_("Summary in English"), max_length=300, required=False)
    body_en = forms.CharField(
        label=_("Text in English"),
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Empty: English readers see the Swedish text."),
    )
    note = forms.CharField(
        label=_("What did you change?"),
        max_length=300,
        required=False,
        help_text=_("Shown in the page's history, for your colleagues."),
    )


class NewPageForm(PageForm):
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("The end of the page's web address, for example hur-du-deltar."),
    )
    in_footer = forms.BooleanField(
        label=_("List the page under “About citizen dialogue”"), required=False, initial=True
    )

    field_order = ["slug", "in_footer"]

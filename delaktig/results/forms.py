from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.voting.rule_texts import completion_choices, rule_choices

MAX_PABULIB_BYTES = 50 * 1024 * 1024


class PabulibCountForm(forms.Form):
    """Count an uploaded Pabulib file: last year's vote, another city's, a researcher's."""

    file = forms.FileField(
        label=_("Pabulib file (.pb)"),
        help_text=_("A participatory budgeting election in the Pabulib format, at most 50 MB."),
    )
    # The rules by their plain names (issue 11), not the library's "mes" and "add1".
    rule = forms.ChoiceField(label=_("Counting rule"), choices=rule_choices)
    completion = forms.ChoiceField(
        label=_("Completion (Equal Shares)"), choices=completion_choices, initial="add1"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PABULIB_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload

"""Code entry for participants, and the officials' forms for settings and uploads."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RoundEligibility
from .tables import MAX_FILE_BYTES


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Voting code"),
        max_length=40,
        help_text=_("12 letters and digits, as on your code sheet or in your e-mail."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "data-code-from-link": "",
            }
        ),
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = RoundEligibility
        fields = ["use_invitations", "use_census", "min_age", "max_age", "codes_may_propose"]
        help_texts = {
            "min_age": _("Age on the first day of voting. Empty: no lower limit."),
            "max_age": _("Age on the first day of voting. Empty: no upper limit."),
        }

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        if process is not None and not process.holds("proposals"):
            # A dialogue: no vote to count ages on (checks.age_cutoff counts them on the day
            # of answering), and no proposals for codes to send in.
            self.fields["min_age"].help_text = _(
                "Age on the day the person answers. Empty: no lower limit."
            )
            self.fields["max_age"].help_text = _(
                "Age on the day the person answers. Empty: no upper limit."
            )
            del self.fields["codes_may_propose"]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (comma or semicolon) or Excel (.xlsx). The first row names the columns."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large. It may be at most %(size)d MB.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return uploaded


__all__ = ["CodeForm", "SettingsForm", "UploadForm"]

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import District


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown with your proposals and comments."),
    )
    district = forms.ModelChoiceField(
        label=_("District where you live"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("I do not live in the municipality"),
        help_text=_("Decides which area you may vote in when a round is limited to residents."),
    )

    field_order = ["full_name", "email", "district", "password1", "password2"]

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.district = self.cleaned_data.get("district")
        user.save(update_fields=["full_name", "district"])

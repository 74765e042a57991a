"""Confirming that you want your account deleted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin


class DeleteAccountForm(AccessibleErrorsMixin, forms.Form):
    """With a password: type it again. Without one (voting code, e-ID): tick a box."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("So that nobody else can delete your account."),
    )
    confirm = forms.BooleanField(label=_("Yes, delete my account"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["confirm"]
        else:
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("The password is wrong. Type the password you sign in with."), code="wrong"
            )
        return password

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin


class EmailFollowForm(AccessibleErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send you a link to confirm. Nothing is saved until you open it, and your "
            "address is never kept with your vote or your answers."
        ),
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": _("Write an e-mail address like name@example.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

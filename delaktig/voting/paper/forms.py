"""The officials' paper-ballot forms. The typed ballot itself is read by
`voting.forms.parse_ballot`, as an online ballot is."""

from django import forms
from django.utils.translation import gettext_lazy


class PaperFirstEntryForm(forms.Form):
    """Who voted and where; the ballot itself is read by `parse_ballot`."""

    identifier = forms.CharField(
        label=gettext_lazy("The voter's e-mail address or identifier"),
        max_length=254,
        help_text=gettext_lazy("As on the voter's ID or the voting roll."),
    )
    station = forms.CharField(
        label=gettext_lazy("Voting station"),
        max_length=100,
        help_text=gettext_lazy("A registered voting station, for example “Library, Storgatan 1”."),
    )


class PaperStationForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Voting station"), max_length=100)
    ballots = forms.IntegerField(
        label=gettext_lazy("Paper ballots in its ballot box"),
        min_value=0,
        max_value=1_000_000,
        help_text=gettext_lazy(
            "Count the paper ballots when the station closes. After voting has closed, no "
            "more ballots than this can be entered for the station, and the number cannot change."
        ),
    )


class PaperRejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the paper ballot rejected?"),
        max_length=300,
        help_text=gettext_lazy(
            "For example: wrong person entered, or the ballot cannot be read. "
            "The person can vote again. Do not write the person's name or personal identity "
            "number: the reason is kept in the log for good."
        ),
    )

"""Forms of the forum. Labels are Swedish through the catalogue; errors sit by each field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin

from .models import BODY_MAX, QUESTION_MAX, SUMMARY_MAX, TITLE_MAX, Moderation

TOO_LONG = _("Write at most %(limit_value)d characters. You have written %(show_value)d.")


class PostForm(AccessibleErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your post"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "At most 2000 characters. Everyone can read it, with your name. Do not write e-mail "
            "addresses or phone numbers: they are not shown."
        ),
        error_messages={"required": _("Write your post."), "max_length": TOO_LONG},
    )


class AnswerForm(PostForm):
    """The same field, for one of the process's case officers: shown as the municipality's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("The municipality's answer")
        self.fields["body"].help_text = _(
            "At most 2000 characters. Shown as the municipality's answer, with your name."
        )
        self.fields["body"].error_messages["required"] = _("Write your answer.")


class ReportForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A moderator reads your report. Your name is not shown."),
        error_messages={"required": _("Tell us what is wrong."), "max_length": TOO_LONG},
    )


class HideForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Public reason for hiding"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to everyone instead of the content."),
        error_messages={
            "required": _("Write the public reason for hiding."),
            "max_length": TOO_LONG,
        },
    )


class ThreadForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Question"),
        max_length=TITLE_MAX,
        help_text=_("One line, the heading of the thread. For example: What would make you stay?"),
        error_messages={"required": _("Write the question."), "max_length": TOO_LONG},
    )
    question = forms.CharField(
        label=_("More about the question"),
        required=False,
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the municipality wants to know, and what it will do with the answers."),
        error_messages={"max_length": TOO_LONG},
    )


class CloseForm(AccessibleErrorsMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What residents said and what the municipality will do with it. Shown at the top of "
            "the thread."
        ),
        error_messages={"required": _("Write a summary of the thread."), "max_length": TOO_LONG},
    )


class SettingsForm(AccessibleErrorsMixin, forms.Form):
    moderation = forms.ChoiceField(
        label=_("When are posts checked?"),
        choices=Moderation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how posts are moderated.")},
    )

"""The rules every text of an entry follows, whichever way it comes in (the public form, an
official's decision, an imported file): plain text only, a website on http or https, and a
description of at most DESCRIPTION_MAX characters. Each check raises `ValidationError` with a
sentence for the person, so forms show it beside the field and the import beside the row."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

DESCRIPTION_MAX = 2000
NAME_MAX = 200
CONTACT_NAME_MAX = 150

# A tag (<b>, </p>, <script …>, <!-- … -->) or an HTML entity (&lt;): the register is plain
# text, shown escaped; text that looks like code is refused with a message, never stored.
_MARKUP = re.compile(r"<\s*[/!?a-zA-Z]|&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
# Control characters other than line breaks and tabs.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_plain_text(value: str) -> None:
    if value and _MARKUP.search(value):
        raise ValidationError(
            _("Write plain text without HTML code: remove the < > signs and what is between them."),
            code="markup",
        )
    if value and _CONTROL.search(value):
        raise ValidationError(_("The text has characters that cannot be shown."), code="control")


def check_website(value: str) -> None:
    if not value:
        return
    scheme = urlsplit(value).scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError(
            _("Write the website's full address, starting with https:// or http://."),
            code="scheme",
        )
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            _("This is not a website address. Write it like https://www.forening.se."),
            code="invalid",
        ) from error


def check_description(value: str) -> None:
    if len(value or "") > DESCRIPTION_MAX:
        raise ValidationError(
            _("The description may be at most %(max)d characters; it is %(count)d.")
            % {"max": DESCRIPTION_MAX, "count": len(value)},
            code="too_long",
        )


def clean_text(value) -> str:
    """Spaces trimmed and Windows line breaks made plain."""
    return str(value or "").replace("\r\n", "\n").strip()

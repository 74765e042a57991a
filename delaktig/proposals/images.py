"""Checks on uploaded images: the type is read by Pillow, never trusted from the name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


def max_megabytes() -> str:
    megabytes = settings.MAX_IMAGE_UPLOAD_BYTES / (1024 * 1024)
    return f"{megabytes:g}"


def check_image_size(upload) -> None:
    if upload.size is not None and upload.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large. It may be at most %(size)s MB.") % {"size": max_megabytes()},
            code="too_large",
        )


def check_image_type(upload) -> None:
    """Raise unless Pillow reads the file as a JPEG, PNG or WebP image."""
    message = _("The file must be an image in JPEG, PNG or WebP format.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(message, code="invalid_type") from error
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(message, code="invalid_type")


def validate_image_upload(upload) -> None:
    check_image_size(upload)
    check_image_type(upload)

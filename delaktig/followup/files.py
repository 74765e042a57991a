"""Photos and documents attached to a progress update, checked before anything is stored.

Photos go through the proposals' image pipeline (`proposals/images.py`): the pixel limit is
read from the header before any pixel is decoded (an image bomb is refused), the image is
decoded and written anew as JPEG or PNG with no EXIF (GPS position, camera serial), XMP or
comment, at most 1 600 pixels on its longest edge, under a random name.

Documents must be PDFs: the file starts with the PDF signature (`%PDF-`, magic bytes, not the
name or the browser's content type), is at most `MAX_DOCUMENT_BYTES`, is not encrypted and is
parsed page by page by pypdf. A file that fails any of these is refused with a sentence; it is
stored under a random name ending in .pdf.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from delaktig.proposals.images import reencode_image, validate_image_upload

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# A real PDF has its signature within the first 1 024 bytes (ISO 32000-1, 7.5.2, as read by
# the common readers); almost every one starts with it.
PDF_SIGNATURE = b"%PDF-"
HEADER_BYTES = 1024


def checked_photo(upload):
    """The upload re-encoded without metadata (a ContentFile), or ValidationError."""
    validate_image_upload(upload)
    return reencode_image(upload)


def _not_pdf() -> ValidationError:
    return ValidationError(_("The document must be a PDF file."), code="not_pdf")


def check_pdf(upload) -> None:
    """Raise ValidationError unless `upload` is a readable, unencrypted PDF within the size
    limit. Reads the file through pypdf, which streams it from the upload (on disk above
    Django's memory limit) rather than holding a second copy."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The document is too large. It may be at most %(size)s MB.")
            % {"size": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    try:
        if PDF_SIGNATURE not in upload.read(HEADER_BYTES):
            raise _not_pdf()
        upload.seek(0)
        try:
            reader = PdfReader(upload, strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _("The document is protected with a password. Upload it without one."),
                    code="encrypted",
                )
            if len(reader.pages) == 0:
                raise _not_pdf()
            for page in reader.pages:
                page.mediabox  # noqa: B018 - reading each page's box parses the page tree
        except ValidationError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
            raise _not_pdf() from error
        except RecursionError as error:
            raise _not_pdf() from error
    finally:
        upload.seek(0)

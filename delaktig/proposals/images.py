"""Uploaded images: checked, then re-encoded so that only the picture itself is kept.

A photo from a phone carries its GPS position, the camera's make, model and serial number and
the time it was taken (EXIF), sometimes XMP and a comment. Served as uploaded, all of that
would be public. So every upload is decoded by Pillow and written anew, and the stored file
holds pixels only:

- **Format.** JPEG (quality 85) for everything opaque: photos are what people upload, and
  JPEG is small and shown by every browser and e-mail client. PNG only when the image really
  has see-through pixels (a drawing, a map cut-out): JPEG has no transparency, and PNG keeps
  such images sharp. WebP would be smaller, but older phones and e-mail clients still in use
  in municipalities do not all show it.
- **Metadata.** None is written: no EXIF (with GPS and serial numbers), no XMP, no comment. The
  EXIF orientation is applied to the pixels first, so the image stays the right way up. An ICC
  colour profile is used to convert the colours to sRGB and then dropped: colours stay true
  and the profile, which may name the device, goes.
- **Size.** The longest edge is at most `MAX_EDGE` pixels: enough for the proposal page on a
  high-resolution screen, and the browser never decodes more than that.
- **Pixel limit.** `settings.MAX_IMAGE_UPLOAD_PIXELS` (40 megapixels) is checked from the
  header, before any pixel is decoded. A photo that fits in `MAX_IMAGE_UPLOAD_BYTES` (5 MB) is
  far below it (a 24-megapixel phone photo is 6–10 MB as JPEG); only a compression bomb, such
  as a one-colour PNG of 100 megapixels in a few kilobytes, comes near, and is refused before
  any pixel is decoded. Pillow keeps 4 bytes a pixel, so memory is bounded by the limit:
  measured at 40 megapixels, a JPEG takes about 65 MB above the process's own for a moment
  (decoded at a reduced scale straight away, `draft`), an opaque PNG about 215 MB and a PNG
  with an alpha channel about 370 MB (Pillow makes a premultiplied copy to resize it), for
  one to two seconds. A lower limit would lower that, and refuse large real photos.
- **Name.** The stored file gets a random name (`Proposal.image` `upload_to`): nothing of the
  uploader's file name, and no address anyone can guess.
"""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageCms, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
# The longest edge of a stored image, in pixels.
MAX_EDGE = 1600
JPEG_QUALITY = 85

# How the EXIF orientation turns the pixels (the EXIF standard's values 2–8). Pillow's
# ImageOps.exif_transpose does the same, but on the full-size image; this turns the image
# after it has been made small, so a large upload is never held twice in memory.
_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

_UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError)


def max_megabytes() -> str:
    megabytes = settings.MAX_IMAGE_UPLOAD_BYTES / (1024 * 1024)
    return f"{megabytes:g}"


def max_megapixels() -> str:
    return f"{settings.MAX_IMAGE_UPLOAD_PIXELS / 1_000_000:g}"


def _type_error() -> ValidationError:
    return ValidationError(
        _("The file must be an image in JPEG, PNG or WebP format."), code="invalid_type"
    )


def _pixels_error() -> ValidationError:
    return ValidationError(
        _(
            "The image has too many pixels. It may have at most %(megapixels)s megapixels. "
            "Make it smaller and try again."
        )
        % {"megapixels": max_megapixels()},
        code="too_many_pixels",
    )


def _open(upload) -> Image.Image:
    """Read the header only. Pillow's own bomb check (warning, or an error at twice its
    default limit) is left to `_check_pixels`, which is stricter and says so in Swedish."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except Image.DecompressionBombError as error:
        raise _pixels_error() from error
    except _UNREADABLE as error:
        raise _type_error() from error
    return image


def _check_pixels(image: Image.Image) -> None:
    width, height = image.size
    if width * height > settings.MAX_IMAGE_UPLOAD_PIXELS:
        raise _pixels_error()


def check_image_size(upload) -> None:
    if upload.size is not None and upload.size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large. It may be at most %(size)s MB.") % {"size": max_megabytes()},
            code="too_large",
        )


def check_image_pixels(upload) -> None:
    """Refuse an image with more pixels than the limit, from its header, before decoding.

    A file Pillow cannot read passes here: `check_image_type` says what is wrong with it."""
    try:
        with _open(upload) as image:
            _check_pixels(image)
    except ValidationError as error:
        if error.code == "too_many_pixels":
            raise
    finally:
        upload.seek(0)


def check_image_type(upload) -> None:
    """Raise unless Pillow reads the file as a JPEG, PNG or WebP image."""
    try:
        with _open(upload) as image:
            image_format = image.format
            image.verify()
    except _UNREADABLE as error:
        raise _type_error() from error
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise _type_error()


def validate_image_upload(upload) -> None:
    check_image_size(upload)
    check_image_pixels(upload)
    check_image_type(upload)


def _has_transparency(image: Image.Image) -> bool:
    """An RGBA image with at least one pixel that is not fully opaque."""
    return image.getchannel("A").getextrema()[0] < 255


def _to_srgb(image: Image.Image, icc: bytes | None, mode: str) -> Image.Image:
    """Convert the colours to sRGB through the image's own profile, if it has a usable one."""
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            srgb = ImageCms.createProfile("sRGB")
            converted = ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or unusual profile: keep the colours as they are
    return image.convert(mode) if image.mode != mode else image


def reencode_image(upload) -> ContentFile:
    """The upload as a new JPEG or PNG file with pixels only (see the module's docstring).

    Raises ValidationError with a sentence for an image that cannot be read or is too big."""
    try:
        with _open(upload) as source:
            if source.format not in ALLOWED_FORMATS:
                raise _type_error()
            _check_pixels(source)
            return _reencode(source)
    except Image.DecompressionBombError as error:
        raise _pixels_error() from error
    except _UNREADABLE as error:
        raise _type_error() from error
    finally:
        upload.seek(0)


def _reencode(source: Image.Image) -> ContentFile:
    # JPEG only: decode at 1/2, 1/4 or 1/8 scale if that still gives at least MAX_EDGE.
    source.draft(None, (MAX_EDGE, MAX_EDGE))
    orientation = source.getexif().get(ExifTags.Base.Orientation)
    icc = source.info.get("icc_profile")
    source.load()
    if source.mode in ("RGB", "RGBA", "CMYK"):
        image = source
    else:  # palette, grey, 16-bit: to the mode the rest works in
        image = source.convert("RGBA" if source.has_transparency_data else "RGB")
    image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    transparent = image.mode == "RGBA" and _has_transparency(image)
    image = _to_srgb(image, icc, "RGBA" if transparent else "RGB")
    if orientation in _ORIENTATION:
        image = image.transpose(_ORIENTATION[orientation])
    # Nothing from the upload's header travels on: Pillow copies `info` (EXIF, XMP, ICC,
    # comment) along with the pixels and some writers use it, so it is emptied.
    image.info = {}
    buffer = io.BytesIO()
    if transparent:
        image.save(buffer, format="PNG", optimize=True)
        suffix = "png"
    else:
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        suffix = "jpg"
    return ContentFile(buffer.getvalue(), name=f"image.{suffix}")

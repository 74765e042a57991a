"""An image that passed its checks is kept while the rest of the proposal form is put right.

Browsers never fill in a file field again, so without this a person who uploaded an image and
then got an error on another field lost the image without being told (issue 11, item 4).

- **What is kept.** The re-encoded image (images.py): pixels only, no EXIF or GPS, never the
  upload as sent. It is not public: it lies outside MEDIA_ROOT, in `settings.KEPT_IMAGE_DIR`
  (default: a folder in the system's temporary directory).
- **Whose it is.** The file has a random name (the token). The token is listed in the session
  of the person who uploaded it, and only a token in that list is accepted, so no one can use
  another person's image by sending its token.
- **How long.** A kept file is used once (taken when the proposal is saved) and otherwise
  deleted after `KEEP_SECONDS`, looked at each time an image is kept.
"""

import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from .images import reencode_image

KEEP_SECONDS = 3600
SESSION_KEY = "kept_proposal_images"
MAX_PER_SESSION = 5
_SUFFIX = ".img"


@dataclass(frozen=True)
class KeptImage:
    token: str
    name: str  # the uploader's own file name, shown back to them only

    def upload(self) -> SimpleUploadedFile | None:
        """The kept image as an upload, or None if its file has been cleaned up."""
        try:
            content = _path(self.token).read_bytes()
        except OSError:
            return None
        return SimpleUploadedFile(self.name, content)


def _folder() -> Path:
    folder = getattr(settings, "KEPT_IMAGE_DIR", None)
    folder = Path(folder) if folder else Path(tempfile.gettempdir()) / "delaktig-kept-images"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(token: str) -> Path:
    return _folder() / f"{token}{_SUFFIX}"


def clean_up(now: float | None = None) -> None:
    """Delete kept files older than KEEP_SECONDS."""
    limit = (now or time.time()) - KEEP_SECONDS
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass  # removed by another request meanwhile


def keep(request, upload) -> KeptImage:
    """Store a checked upload, re-encoded, and list it in the person's session."""
    clean_up()
    token = secrets.token_urlsafe(24)
    _path(token).write_bytes(reencode_image(upload).read())
    name = Path(upload.name or "").name[:100] or "bild"
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[token] = name
    for old in list(kept)[:-MAX_PER_SESSION]:
        _forget(kept, old)
    request.session[SESSION_KEY] = kept
    return KeptImage(token, name)


def from_request(request) -> KeptImage | None:
    """The kept image named in the form, if it is this session's and still there."""
    token = request.POST.get("kept_image", "")
    name = request.session.get(SESSION_KEY, {}).get(token)
    if not name or not _path(token).exists():
        return None
    return KeptImage(token, name)


def _forget(kept: dict, token: str) -> None:
    kept.pop(token, None)
    _path(token).unlink(missing_ok=True)


def discard(request, kept_image: KeptImage | None) -> None:
    """Delete a kept image once it has been used (or replaced)."""
    if kept_image is None:
        return
    kept = dict(request.session.get(SESSION_KEY, {}))
    _forget(kept, kept_image.token)
    request.session[SESSION_KEY] = kept

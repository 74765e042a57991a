"""A census or invitation file at rest, between the upload and the task that reads it.

It holds personal identity numbers in clear, so it is stored encrypted (Fernet: AES-128-CBC and
HMAC-SHA256, from the `cryptography` package) under a key derived (HKDF-SHA256) from
PERSONNUMMER_HASH_KEY, which lives in settings and never in the database: a dump or a backup
taken while a file waits reveals nothing.
"""

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"delaktig roll file").derive(
        settings.PERSONNUMMER_HASH_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def unseal(token) -> bytes:
    return _fernet().decrypt(bytes(token))

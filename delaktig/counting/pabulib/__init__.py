"""Read and write Pabulib ``.pb`` files (https://pabulib.org/format).

* :mod:`.reader` - :func:`load`/:func:`loads` a file into an :class:`Election`;
* :mod:`.writer` - :func:`dump`/:func:`dumps` an election as a file;
* :mod:`.errors` - :class:`PabulibError` and its :data:`ERROR_CODES`.

The writer is imported on first use: a command that only reads does not load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import ERROR_CODES, PabulibError
from .reader import Election, load, loads

if TYPE_CHECKING:
    from .writer import dump, dumps

__all__ = ["ERROR_CODES", "Election", "PabulibError", "dump", "dumps", "load", "loads"]


def __getattr__(name: str):
    if name in ("dump", "dumps"):
        from . import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Delaktig's counting library: participatory-budgeting rules over exact inputs.

Pure Python and numpy, no Django. Typical use::

    from delaktig.counting import Options, count, pabulib

    instance, profile = pabulib.load("election.pb")
    outcome = count(instance, profile, rule="mes", options=Options(completion="add1"))
    outcome.selected  # project ids in the order chosen
"""

from __future__ import annotations

import os

# Counting calls numpy's BLAS only for short dot products, where one thread is as quick. OpenBLAS
# would start a thread per core when numpy is imported: about 50 ms of CPU time in a command that
# counts in milliseconds (bench/counting.py). Set before numpy is first imported; a value the
# caller set wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from . import pabulib
from .greedy import greedy
from .mes import mes
from .model import Ballot, Instance, Profile, Project
from .options import RULES, Options
from .outcome import Decision, Outcome, Phase, Round, TieBreak
from .pabulib import PabulibError
from .phragmen import phragmen
from .version import __version__

_RULE_FUNCTIONS = {"greedy": greedy, "mes": mes, "phragmen": phragmen}


def count(
    instance: Instance, profile: Profile, rule: str = "mes", options: Options | None = None
) -> Outcome:
    """Count ``profile`` under ``rule``, one of :data:`RULES` (greedy, mes, phragmen)."""
    try:
        func = _RULE_FUNCTIONS[rule]
    except KeyError:
        raise ValueError(f"unknown rule {rule!r}; expected one of {sorted(RULES)}") from None
    return func(instance, profile, options=options or Options())


__all__ = [
    "RULES",
    "Ballot",
    "Decision",
    "Instance",
    "Options",
    "Outcome",
    "PabulibError",
    "Phase",
    "Profile",
    "Project",
    "Round",
    "TieBreak",
    "__version__",
    "count",
    "greedy",
    "mes",
    "pabulib",
    "phragmen",
]

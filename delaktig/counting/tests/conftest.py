"""Shared fixtures for the counting tests. Nothing here needs Django or a database."""

from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

import pytest

from delaktig.counting import pabulib
from delaktig.counting.model import Ballot, Instance, Profile, Project

HERE = Path(__file__).resolve().parent
# The full Pabulib set (CI, benchmarks) when it is there; else the small set in the repository,
# so the golden tests run in a plain clone too (data/pabulib/README.md).
SHARED = Path(os.environ.get("PABULIB_DIR", HERE.parents[3] / "shared/pabulib"))
BUNDLED = HERE / "data" / "pabulib"
DATA = SHARED if SHARED.is_dir() else BUNDLED

# files whose count is slow enough (big profiles) to carry the "slow" marker
BIG = 20_000


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: counts on the largest Pabulib files")


def needs_data(*names: str):
    """Skip unless the data (and the files ``names``, if any) are there: a test of a file only
    the full set has is skipped in a plain clone."""
    missing = [n for n in names if not (DATA / n).is_file()]
    return pytest.mark.skipif(
        not DATA.is_dir() or bool(missing),
        reason=f"Pabulib data not found at {DATA}" + (f": {', '.join(missing)}" if missing else ""),
    )


@functools.cache
def reference_rows() -> tuple[dict[str, str], ...]:
    if not (DATA / "REFERENCE.tsv").is_file():
        return ()
    with open(DATA / "REFERENCE.tsv", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh, delimiter="\t"))


@functools.cache
def load(name: str) -> pabulib.Election:
    """A Pabulib file from the shared data, parsed once per test session."""
    return pabulib.load(DATA / name)


def data_files() -> list[str]:
    return sorted({r["file"] for r in reference_rows()})


def voters_of(name: str) -> int:
    for r in reference_rows():
        if r["file"] == name:
            return int(r["n_voters"])
    return 0


def size_marks(name: str):
    return [pytest.mark.slow] if voters_of(name) >= BIG else []


def election(budget, costs: dict[str, int], ballots, vote_type="approval"):
    """A small hand-made election; a ballot is a list of ids, or a dict id -> points."""
    instance = Instance(budget=budget, projects=tuple(Project(i, c) for i, c in costs.items()))
    made = [
        Ballot(projects=tuple(b), points=tuple(b.values()))
        if isinstance(b, dict)
        else Ballot(projects=tuple(b))
        for b in ballots
    ]
    return instance, Profile.from_ballots(instance, vote_type, made)

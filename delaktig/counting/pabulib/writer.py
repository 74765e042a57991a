"""Write Pabulib ``.pb`` files: the platform's own ballots as a file anyone can recount."""

from __future__ import annotations

import os
import re
from fractions import Fraction
from typing import IO

from ..model import Instance, Profile, format_money

__all__ = ["dump", "dumps"]

# A field is quoted when it holds a separator, a quote, or anything str.splitlines() breaks a
# line at (pabutools splits the file into lines that way before its csv reader joins quoted
# fields again), or would lose spaces at its ends. Text is written exactly as it is, also when
# it starts with "=", "+", "-" or "@": a .pb file is data for recount tools, not a spreadsheet,
# and changing a project's name would change the file whose digest the result publishes.
_NEEDS_QUOTES = re.compile('[;"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]')
# what cannot be in a project id: the vote cells list ids unquoted, split at ","
_NOT_IN_IDS = re.compile('[,;"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]')


def _q(value: str) -> str:
    if _NEEDS_QUOTES.search(value) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def dumps(instance: Instance, profile: Profile) -> str:
    """The election as a Pabulib file (``\\n`` line endings)."""
    if profile.project_ids != instance.project_ids:
        raise ValueError("the profile belongs to another instance")
    for pid in instance.project_ids:
        if not pid.strip() or _NOT_IN_IDS.search(pid) or pid != pid.strip():
            raise ValueError(f"project id {pid!r} cannot be written in a .pb file")
    out: list[str] = ["META", "key;value"]
    meta = dict(instance.meta)
    fixed = {
        "num_projects": str(len(instance.projects)),
        "num_votes": str(profile.num_voters),
        "budget": format_money(instance.budget),
        "vote_type": profile.vote_type,
    }
    for key, value in fixed.items():
        old = meta.get(key)
        same = False
        if old is not None and key == "budget":
            try:
                same = Fraction(old.strip().replace(",", ".")) == instance.budget
            except (ValueError, ZeroDivisionError):
                same = False
        elif old is not None:
            same = old.strip() == value
        if not same:
            meta[key] = value
    out.extend(f"{_q(k)};{_q(str(v))}" for k, v in meta.items())
    extra: list[str] = []
    for p in instance.projects:
        for k in p.meta:
            if k not in extra:
                extra.append(k)
    has_name = any(p.name for p in instance.projects)
    out.append("PROJECTS")
    out.append(";".join(["project_id", "cost", *(["name"] if has_name else []), *map(_q, extra)]))
    for p in instance.projects:
        cells = [_q(p.id), format_money(p.cost)]
        if has_name:
            cells.append(_q(p.name))
        cells.extend(_q(p.meta.get(k, "None")) for k in extra)
        out.append(";".join(cells))
    out.append("VOTES")
    has_points = profile.class_points is not None
    vmeta = list(profile.voter_meta)
    out.append(";".join(["voter_id", "vote", *(["points"] if has_points else []), *map(_q, vmeta)]))
    ids = profile.project_ids
    cells_of_class = []
    for k in range(profile.num_classes):
        items, pts = profile.class_ballot(k)
        cell = ",".join(ids[i] for i in items)
        if has_points:
            cell += ";" + ",".join(str(x) for x in (pts or ()))
        cells_of_class.append(cell)
    voter_ids = profile.voter_ids or tuple(str(v + 1) for v in range(profile.num_voters))
    meta_cols = [profile.voter_meta[c] for c in vmeta]
    for v, c in enumerate(profile.voter_class.tolist()):
        line = f"{_q(voter_ids[v])};{cells_of_class[c]}"
        if meta_cols:
            line += ";" + ";".join(_q(col[v]) for col in meta_cols)
        out.append(line)
    out.append("")
    return "\n".join(out)


def dump(instance: Instance, profile: Profile, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write the election to a path or a text stream."""
    text = dumps(instance, profile)
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        target.write(text)

"""Read Pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, in this order, each opened by a line with its name and a header line:
``META`` (``key;value``), ``PROJECTS`` (``project_id;cost;...``) and ``VOTES``
(``voter_id;vote[;points];...``). Fields are ``;``-separated with optional double quotes. The older
layout (other column order, lower-case section names) reads the same way, because columns are
found by their header names.

Every problem in a file raises :class:`~.errors.PabulibError` naming the line.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import compress, pairwise, repeat
from operator import contains, not_
from typing import IO, NamedTuple

import numpy as np

from ..model import (
    MAX_MONEY,
    MAX_POINTS,
    VOTE_TYPES,
    Instance,
    Money,
    Profile,
    Project,
    as_money,
    normalise_ballot,
)
from .errors import PabulibError, _BallotError

__all__ = ["Election", "load", "loads"]

SECTIONS = ("meta", "projects", "votes")
# A line that may name a section (after the first): the name in any case, with spaces, ";" and
# '"' around it. Lines are checked exactly after this screen.
_SPACE = r'(?:[^\S\n]|[;"])*'
_SECTION_LINE = re.compile(
    r"\n"
    + _SPACE
    + r"(?:[Mm][Ee][Tt][Aa]|[Pp][Rr][Oo][Jj][Ee][Cc][Tt][Ss]|[Vv][Oo][Tt][Ee][Ss])"
    + _SPACE
    + r"(?=\n|\Z)"
)

# META limits checked on every ballot (when present) and what they limit
# (only upper limits: real files hold ballots under a stated minimum, e.g. partly filled ones)
_LENGTH_LIMITS = ("max_length",)
_POINTS_LIMITS = ("max_sum_points", "max_points")
_COST_LIMITS = ("max_sum_cost",)


class Election(NamedTuple):
    instance: Instance
    profile: Profile


# -- reading --------------------------------------------------------------------------------------


def load(source: str | os.PathLike[str] | IO[str] | IO[bytes], *, check_limits: bool = True):
    """Read a ``.pb`` file from a path or an open (text or binary) stream."""
    if isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise PabulibError(
                f"cannot read {os.fspath(source)}: {exc.strerror}",
                code="cannot_read",
                params={"path": os.fspath(source), "reason": exc.strerror or ""},
            ) from None
        return loads(data, check_limits=check_limits)
    return loads(source.read(), check_limits=check_limits)


def loads(text: str | bytes, *, check_limits: bool = True) -> Election:
    """Parse the contents of a ``.pb`` file (a string, or bytes in UTF-8)."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = text.count(b"\n", 0, exc.start) + 1
            raise PabulibError("the file is not UTF-8 text", line, code="not_utf8") from None
    return _Parser(text, check_limits).parse()


# the error codes of _number by what the number is: (not a number, too large)
_NUMBER_CODES = {
    "budget": ("budget_not_a_number", "budget_too_large"),
    "cost": ("cost_not_a_number", "cost_too_large"),
    "meta": ("meta_not_a_number", "meta_too_large"),
}


def _number(text: str, what: str, line: int, kind: str, **params: str) -> Money:
    """``text`` as money. ``what`` names it in the message; ``kind`` (budget, cost or meta)
    picks the error code, and ``params`` go with the error (the project, the META key)."""
    s = text.strip()
    not_a_number, too_large = _NUMBER_CODES[kind]
    params = {**params, "value": s}
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")  # decimal comma
    try:
        value = Fraction(s)
    except (ValueError, ZeroDivisionError):
        raise PabulibError(
            f"{what} {text.strip()!r} is not a number", line, code=not_a_number, params=params
        ) from None
    if abs(value) > MAX_MONEY:
        raise PabulibError(
            f"{what} {text.strip()!r} is too large", line, code=too_large, params=params
        )
    return as_money(value)


def _shown(value: Money) -> int | str:
    """An amount for an error's params: a whole number, or as the message writes it."""
    return value if isinstance(value, int) else str(value)


def _split(line: str) -> list[str]:
    """Split a line on ``;``. A field is quoted when it starts with ``"`` and a closing ``"``
    is followed by ``;`` or the end of the line (``""`` is a quote inside); otherwise it is taken
    literally, so ``"Odkupmy" i my`` stays as written."""
    if '"' not in line:
        return line.split(";")
    fields: list[str] = []
    i, n = 0, len(line)
    while True:
        if i < n and line[i] == '"':
            j, parts, closed = i + 1, [], False
            while j <= n:
                k = line.find('"', j)
                if k < 0:
                    break
                if k + 1 < n and line[k + 1] == '"':
                    parts.append(line[j : k + 1])
                    j = k + 2
                    continue
                if k + 1 == n or line[k + 1] == ";":
                    parts.append(line[j:k])
                    j, closed = k + 1, True
                break
            if closed:
                fields.append("".join(parts))
                if j >= n:
                    return fields
                i = j + 1
                if i == n:
                    fields.append("")
                    return fields
                continue
        k = line.find(";", i)
        if k < 0:
            fields.append(line[i:])
            return fields
        fields.append(line[i:k])
        i = k + 1
        if i == n:
            fields.append("")
            return fields


def _ends_in_quotes(line: str, inside: bool = False) -> bool:
    """Whether ``line`` ends inside a quoted field, read as :func:`_split` reads it; ``inside``:
    it starts inside one (the field began on an earlier line). In a quoted field ``""`` is a
    quote; any other ``"`` closes it."""
    i, n = 0, len(line)
    while True:
        if inside:
            while True:
                k = line.find('"', i)
                if k < 0:
                    return True
                if k + 1 < n and line[k + 1] == '"':
                    i = k + 2
                    continue
                break
            inside, i = False, k + 1  # after the closing quote the field runs to the next ;
        elif i < n and line[i] == '"':
            inside, i = True, i + 1
            continue
        k = line.find(";", i)
        if k < 0:
            return False
        i = k + 1


def _raw_lines(text: str, lines: list[str]) -> tuple[list[str], str]:
    """The lines with their own line breaks: ``raw[k] + glue`` is line k as in the file."""
    if "\r" not in text:
        return lines[:], "\n"
    if text.count("\r") == text.count("\r\n"):  # CRLF only: each raw line ends with "\r"
        return text.split("\n"), "\n"
    parts = re.split(r"(\r\n|\r|\n)", text)  # old Mac line ends somewhere
    return [line + end for line, end in zip(parts[0::2], [*parts[1::2], ""], strict=True)], ""


def _join_quoted(lines: list[str], text: str) -> list[str]:
    """The file's ``lines``, except that a quoted field going on over a line break (the writer
    quotes a project name with a newline in it, as the csv module does) is joined into the line
    where it starts, break included (as in ``text``); the lines it took stay as blank lines, so
    every line number is still the file's. A quote never closed is left as written
    (:func:`_split` reads it literally)."""
    raw: list[str] | None = None
    # only lines with a quote can open or close a quoted field: visit those alone (found in C)
    quoted = list(compress(range(len(lines)), map(contains, lines, repeat('"'))))
    q, done = 0, -1
    while q < len(quoted):
        i = quoted[q]
        q += 1
        if i <= done or not _ends_in_quotes(lines[i]):
            continue
        while q < len(quoted) and _ends_in_quotes(lines[quoted[q]], inside=True):
            q += 1
        if q == len(quoted):
            break  # never closed: read the rest line by line, as before
        j = done = quoted[q]
        if raw is None:
            raw, glue = _raw_lines(text, lines)
        lines[i] = glue.join(raw[i:j]) + glue + lines[j]
        lines[i + 1 : j + 1] = [""] * (j - i)
    return lines


class _Parser:
    def __init__(self, text: str, check_limits: bool):
        if text.startswith("\ufeff"):
            text = text[1:]
        source = text
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.text = text
        self.lines = text.split("\n")
        if '"' in text:
            self.lines = _join_quoted(self.lines, source)
        self.check_limits = check_limits

    def _sections(self) -> dict[str, int]:
        found: dict[str, int] = {}
        order: list[str] = []
        for i in self._section_candidates():
            line = self.lines[i]
            if len(line) > 16:
                continue
            name = line.strip().strip(";").strip().strip('"').lower()
            if name in SECTIONS:
                if name in found:
                    raise PabulibError(
                        f"section {name.upper()} appears a second time",
                        i + 1,
                        code="section_repeated",
                        params={"section": name.upper()},
                    )
                found[name] = i
                order.append(name)
        for name in SECTIONS:
            if name not in found:
                raise PabulibError(
                    f"the file has no {name.upper()} section",
                    code="section_missing",
                    params={"section": name.upper()},
                )
        if order != list(SECTIONS):
            wrong = next(n for k, n in enumerate(order) if n != SECTIONS[k])
            raise PabulibError(
                f"section {wrong.upper()} is out of order; expected META, PROJECTS, VOTES",
                found[wrong] + 1,
                code="section_order",
                params={"section": wrong.upper()},
            )
        # any other text before META (a section line there was an error above)
        for i in range(found["meta"]):
            if self.lines[i].strip():
                raise PabulibError("text before the META section", i + 1, code="text_before_meta")
        return found

    def _section_candidates(self) -> list[int]:
        """Indices of the lines that may name a section, in file order: found by one regular
        expression over the text instead of a look at every line (a file has ~100 000 vote lines
        and three section lines); :meth:`_sections` checks each exactly. A candidate inside a
        quoted field that goes on over line breaks is a blank line in ``self.lines`` by now."""
        text = self.text
        found, line, pos = [0], 0, 0
        for match in _SECTION_LINE.finditer(text):
            line += text.count("\n", pos, match.start()) + 1
            pos = match.start() + 1
            found.append(line)
        return found

    def _rows(self, start: int, end: int) -> list[tuple[int, list[str]]]:
        rows = []
        for i in range(start, end):
            line = self.lines[i]
            if line.strip():
                rows.append((i + 1, _split(line)))
        return rows

    def parse(self) -> Election:
        sec = self._sections()
        meta = self._meta(sec["meta"] + 1, sec["projects"])
        vote_type = meta.get("vote_type", "").strip()
        if "vote_type" not in meta:
            raise PabulibError("META has no vote_type", sec["meta"] + 1, code="vote_type_missing")
        if vote_type not in VOTE_TYPES:
            raise PabulibError(
                f"vote_type {vote_type!r} is not supported; expected one of "
                + ", ".join(VOTE_TYPES),
                self.meta_lines["vote_type"],
                code="vote_type_unsupported",
                params={"value": vote_type, "expected": ", ".join(VOTE_TYPES)},
            )
        if "budget" not in meta:
            raise PabulibError("META has no budget", sec["meta"] + 1, code="budget_missing")
        budget = _number(meta["budget"], "budget", self.meta_lines["budget"], "budget")
        if budget < 0:
            raise PabulibError(
                "budget is negative",
                self.meta_lines["budget"],
                code="budget_negative",
                params={"value": meta["budget"].strip()},
            )
        projects = self._projects(sec["projects"] + 1, sec["votes"])
        self._check_precision(budget, meta["budget"], projects)
        self._check_count(meta, "num_projects", len(projects), "projects", "num_projects_mismatch")
        instance = Instance(budget=budget, projects=tuple(projects), meta=meta)
        profile = self._votes(sec["votes"] + 1, len(self.lines), instance, vote_type, meta)
        self._check_count(meta, "num_votes", profile.num_voters, "votes", "num_votes_mismatch")
        return Election(instance, profile)

    def _check_precision(self, budget: Money, budget_text: str, projects: list[Project]) -> None:
        """Refuse amounts whose decimals, all together, make the money too fine to count exactly
        (the rules count in integer minor units below 2**53: ``satisfaction.prepare``)."""
        scale, largest = 1, 0
        amounts = [(budget, budget_text.strip(), self.meta_lines["budget"])]
        amounts += [(p.cost, self.cost_texts[p.id], self.project_lines[p.id]) for p in projects]
        for amount, text, line in amounts:
            if isinstance(amount, Fraction):
                scale = math.lcm(scale, amount.denominator)
            largest = max(largest, amount)
            if int(largest * scale) >= 2**53:
                raise PabulibError(
                    f"{text} has too many decimals to count exactly with the other amounts",
                    line,
                    code="amount_too_precise",
                    params={"value": text},
                )

    def _check_count(
        self, meta: Mapping[str, str], key: str, actual: int, what: str, code: str
    ) -> None:
        if key not in meta:
            return
        line = self.meta_lines[key]
        stated = _number(meta[key], key, line, "meta", key=key)
        if stated != actual:
            raise PabulibError(
                f"{key} says {meta[key]} but the file has {actual} {what}",
                line,
                code=code,
                params={"key": key, "stated": meta[key], "actual": actual},
            )

    def _meta(self, start: int, end: int) -> dict[str, str]:
        meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        rows = self._rows(start, end)
        if rows and [c.strip().lower() for c in rows[0][1]] == ["key", "value"]:
            rows = rows[1:]
        for ln, row in rows:
            key = row[0].strip()
            if len(row) < 2 or not key:
                raise PabulibError(
                    "a META line needs a key and a value: key;value",
                    ln,
                    code="meta_line_incomplete",
                )
            if key in meta:
                raise PabulibError(
                    f"META key {key!r} appears twice",
                    ln,
                    code="meta_key_repeated",
                    params={"key": key},
                )
            meta[key] = ";".join(row[1:]).strip()
            self.meta_lines[key] = ln
        return meta

    def _header(self, start: int, end: int, section: str, required: Sequence[str]):
        rows = self._rows(start, end)
        if not rows:
            raise PabulibError(
                f"{section} needs a header line",
                start,
                code="header_missing",
                params={"section": section},
            )
        ln, header = rows[0]
        header = [h.strip() for h in header]
        for col in required:
            if col not in header:
                raise PabulibError(
                    f"{section} header has no {col!r} column",
                    ln,
                    code="header_column_missing",
                    params={"section": section, "column": col},
                )
        if len(set(header)) != len(header):
            raise PabulibError(
                f"{section} header repeats a column",
                ln,
                code="header_column_repeated",
                params={"section": section},
            )
        return ln, header, rows[1:]

    def _projects(self, start: int, end: int) -> list[Project]:
        ln, header, rows = self._header(start, end, "PROJECTS", ("project_id", "cost"))
        id_i, cost_i = header.index("project_id"), header.index("cost")
        name_i = header.index("name") if "name" in header else None
        others = [k for k in range(len(header)) if k not in (id_i, cost_i, name_i)]
        projects: list[Project] = []
        seen: dict[str, int] = {}
        self.project_lines, self.cost_texts = seen, {}
        for ln, row in rows:
            if len(row) != len(header):
                raise PabulibError(
                    f"project line has {len(row)} fields, the header has {len(header)}",
                    ln,
                    code="project_fields",
                    params={"fields": len(row), "columns": len(header)},
                )
            pid = row[id_i].strip()
            if not pid:
                raise PabulibError("empty project_id", ln, code="project_id_empty")
            if "," in pid:
                raise PabulibError(
                    f"project id {pid!r} contains a comma",
                    ln,
                    code="project_id_comma",
                    params={"project": pid},
                )
            if pid in seen:
                raise PabulibError(
                    f"project {pid} is listed twice (first on line {seen[pid]})",
                    ln,
                    code="project_repeated",
                    params={"project": pid, "first_line": seen[pid]},
                )
            seen[pid] = ln
            self.cost_texts[pid] = row[cost_i].strip()
            cost = _number(row[cost_i], f"cost of project {pid}", ln, "cost", project=pid)
            if cost < 0:
                raise PabulibError(
                    f"cost of project {pid} is negative",
                    ln,
                    code="cost_negative",
                    params={"project": pid, "value": row[cost_i].strip()},
                )
            projects.append(
                Project(
                    id=pid,
                    cost=cost,
                    name="" if name_i is None else row[name_i].strip(),
                    meta={header[k]: row[k].strip() for k in others},
                )
            )
        return projects

    def _votes(
        self, start: int, end: int, instance: Instance, vote_type: str, meta: Mapping[str, str]
    ) -> Profile:
        # find the header, then read the rest fast: most files have no quotes and no blank lines
        while start < end and not self.lines[start].strip():
            start += 1
        if start >= end:
            raise PabulibError(
                "VOTES needs a header line",
                start,
                code="header_missing",
                params={"section": "VOTES"},
            )
        header_ln = start + 1
        header = [h.strip() for h in _split(self.lines[start])]
        for col in ("voter_id", "vote"):
            if col not in header:
                raise PabulibError(
                    f"VOTES header has no {col!r} column",
                    header_ln,
                    code="header_column_missing",
                    params={"section": "VOTES", "column": col},
                )
        if len(set(header)) != len(header):
            raise PabulibError(
                "VOTES header repeats a column",
                header_ln,
                code="header_column_repeated",
                params={"section": "VOTES"},
            )
        if vote_type == "cumulative" and "points" not in header:
            raise PabulibError(
                "cumulative votes need a 'points' column", header_ln, code="points_column_missing"
            )
        ncol = len(header)
        body = self.lines[start + 1 : end]
        while body and not body[-1].strip():
            body.pop()
        if all(map(str.strip, body)):  # no blank lines: line number = position + offset
            line_of = None
        else:
            line_of = [start + 2 + k for k, line in enumerate(body) if line.strip()]
            body = [line for line in body if line.strip()]
        offset = start + 2

        def lineno(k: int) -> int:
            return line_of[k] if line_of is not None else offset + k

        n = len(body)
        joined = ";".join(body)
        if '"' not in joined:
            # fast path: every line must have ncol - 1 separators
            if n and set(map(str.count, body, repeat(";", n))) != {ncol - 1}:
                k = next(k for k, line in enumerate(body) if line.count(";") != ncol - 1)
                fields = body[k].count(";") + 1
                raise PabulibError(
                    f"vote line has {fields} fields, the header has {ncol}",
                    lineno(k),
                    code="vote_fields",
                    params={"fields": fields, "columns": ncol},
                )
            flat = joined.split(";") if n else []
            cols = [flat[j::ncol] for j in range(ncol)]
        else:
            rows = []
            for k, line in enumerate(body):
                row = _split(line)
                if len(row) != ncol:
                    raise PabulibError(
                        f"vote line has {len(row)} fields, the header has {ncol}",
                        lineno(k),
                        code="vote_fields",
                        params={"fields": len(row), "columns": ncol},
                    )
                rows.append(row)
            cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
        id_i, vote_i = header.index("voter_id"), header.index("vote")
        pts_i = header.index("points") if "points" in header else None
        voter_ids = list(map(str.strip, cols[id_i]))
        id_set = set(voter_ids)
        if len(id_set) != n:
            first: dict[str, int] = {}
            for k, v in enumerate(voter_ids):
                if v in first:
                    raise PabulibError(
                        f"voter id {v!r} appears twice (first on line {lineno(first[v])})",
                        lineno(k),
                        code="voter_repeated",
                        params={"voter": v, "first_line": lineno(first[v])},
                    )
                first[v] = k
        if "" in id_set:
            raise PabulibError("empty voter_id", lineno(voter_ids.index("")), code="voter_id_empty")
        keys = cols[vote_i] if pts_i is None else list(zip(cols[vote_i], cols[pts_i], strict=True))
        limits = _Limits(meta, instance, vote_type, self.meta_lines) if self.check_limits else None
        index = instance.index
        uniq = list(dict.fromkeys(keys))
        other = [k for k in range(ncol) if k not in (id_i, vote_i, pts_i)]
        fast = None
        if pts_i is None:
            try:
                fast = _plain_ballots(uniq, vote_type, index, limits)
            except _BallotError as exc:
                raw = uniq[exc.position]
                raise exc.error(lineno(keys.index(raw))) from None
        if fast is not None:
            indptr, items, class_of_raw = fast
            raw_class = dict(zip(uniq, class_of_raw, strict=True))
            voter_class = np.fromiter(map(raw_class.__getitem__, keys), dtype=np.int32, count=n)
            return Profile(
                vote_type=vote_type,
                project_ids=instance.project_ids,
                class_indptr=indptr,
                class_items=items,
                class_points=None,
                voter_class=voter_class,
                voter_ids=tuple(voter_ids),
                voter_meta={header[k]: cols[k] for k in other},
            )
        classes: dict[tuple, int] = {}
        raw_class = {}
        for raw in uniq:
            try:
                key = _ballot(raw, pts_i is not None, vote_type, index, limits)
            except _BallotError as exc:
                raise exc.error(lineno(keys.index(raw))) from None
            raw_class[raw] = classes.setdefault(key, len(classes))
        voter_class = np.fromiter(map(raw_class.__getitem__, keys), dtype=np.int32, count=n)
        return Profile.from_classes(
            vote_type,
            instance.project_ids,
            list(classes),
            voter_class,
            voter_ids=voter_ids,
            voter_meta={header[k]: cols[k] for k in other},
            points=pts_i is not None,
        )


def _plain_ballots(uniq: list[str], vote_type: str, index: Mapping[str, int], limits):
    """All distinct ``vote`` cells of a file without points, parsed at once with numpy.

    Returns the ballot classes (CSR) and the class of each cell, or ``None`` when a cell needs
    the careful per-ballot reader (an unknown id, spaces): that reader then names the error.
    A ballot over a stated limit raises ``_BallotError`` with its position in ``uniq``.
    """
    tokens = ",".join(uniq).split(",")
    get = dict(index).get  # a plain dict: its get is quicker than a mapping proxy's
    idx = np.fromiter(map(get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
    counts = np.fromiter(map(str.count, uniq, repeat(",")), dtype=np.int64, count=len(uniq))
    owner = np.repeat(np.arange(len(uniq), dtype=np.int64), counts + 1)
    blank = np.fromiter(map(not_, uniq), dtype=bool, count=len(uniq))
    real = ~blank[owner]
    if np.any(idx[real] < 0):
        return None
    owner, idx = owner[real], idx[real]
    if vote_type != "ordinal":
        found = _plain_sets(owner, idx, len(uniq), len(index), limits)
        if found is not None:
            return found
    if vote_type == "ordinal":  # keep the first position of a repeated project
        order = np.lexsort((np.arange(len(idx)), idx, owner))
        o, i = owner[order], idx[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (o[1:] != o[:-1]) | (i[1:] != i[:-1])
        keep = np.zeros(len(idx), dtype=bool)
        keep[order[first]] = True
    else:  # a set: sorted by project position, repeats once
        order = np.lexsort((idx, owner))
        owner, idx = owner[order], idx[order]
        keep = np.ones(len(idx), dtype=bool)
        keep[1:] = (owner[1:] != owner[:-1]) | (idx[1:] != idx[:-1])
    owner, idx = owner[keep], idx[keep]
    lengths = np.bincount(owner, minlength=len(uniq))
    starts = np.zeros(len(uniq) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    items = idx.astype(np.int32)
    if limits is not None:
        for bad in limits.suspects(lengths, owner, items):
            key = (tuple(int(x) for x in items[starts[bad] : starts[bad + 1]]), None)
            try:
                limits.check(key, len(key[0]))
            except _BallotError as exc:
                exc.position = bad
                raise
    raw = items.tobytes()
    bounds = (starts * 4).tolist()
    classes: dict[bytes, int] = {}
    class_of_raw = [classes.setdefault(raw[a:b], len(classes)) for a, b in pairwise(bounds)]
    first_of_class = np.unique(np.asarray(class_of_raw), return_index=True)[1]
    sizes = lengths[first_of_class]
    indptr = np.zeros(len(first_of_class) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    pick = np.repeat(starts[first_of_class] - indptr[:-1], sizes) + np.arange(indptr[-1])
    return indptr, items[pick], class_of_raw


# the most mask words (ballots x words) and bits (classes x projects) _plain_sets holds at
# once, 32 MB each at most; a larger file goes the sorting way
_MAX_MASK_WORDS = 1 << 22
_MAX_CLASS_BITS = 1 << 25


def _plain_sets(owner: np.ndarray, idx: np.ndarray, n: int, n_projects: int, limits):
    """:func:`_plain_ballots` for ballots that are sets (approval, choose-1), without sorting.

    Each ballot becomes a bit mask of its projects (32-bit words, summed exactly in float64);
    equal masks are one class, numbered in order of first appearance as the file reads. The
    classes' projects come from unpacking their masks, sorted by project position. Returns
    ``None`` (the caller sorts instead) when a ballot lists a project twice or the masks or the
    classes' bits would take more than ``_MAX_MASK_WORDS`` words or ``_MAX_CLASS_BITS`` bits.
    """
    words = max(1, (n_projects + 31) // 32)
    if n * words > _MAX_MASK_WORDS:
        return None
    sums = np.bincount(
        owner * words + (idx >> 5), weights=np.ldexp(1.0, idx & 31), minlength=n * words
    )
    listed = np.bincount(owner, minlength=n)
    if sums.max(initial=0) >= 2.0**32:
        return None  # a repeated project carried into the next bit
    masks = sums.astype("<u4").reshape(n, words)
    lengths = np.bitwise_count(masks).sum(axis=1, dtype=np.int64)
    if not np.array_equal(lengths, listed):
        return None  # a project listed twice
    rows = masks.view(np.dtype((np.void, 4 * words))).ravel()
    _unique, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    if len(first) * words * 32 > _MAX_CLASS_BITS:
        return None
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    first_of_class = first[order]
    bits = np.unpackbits(masks[first_of_class].view(np.uint8), axis=1, bitorder="little")
    class_of, position = np.nonzero(bits[:, :n_projects])
    sizes = np.bincount(class_of, minlength=len(first_of_class))
    indptr = np.zeros(len(first_of_class) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    items = position.astype(np.int32)
    if limits is not None:
        for bad in limits.suspects(sizes, class_of, items):
            key = (tuple(items[indptr[bad] : indptr[bad + 1]].tolist()), None)
            try:
                limits.check(key, len(key[0]))
            except _BallotError as exc:
                exc.position = int(first_of_class[bad])
                raise
    return indptr, items, rank[inverse.ravel()].tolist()


def _ballot(raw, has_points: bool, vote_type: str, index: Mapping[str, int], limits):
    vote, pts = (raw, None) if not has_points else raw
    ids = [x.strip() for x in vote.split(",")] if vote.strip() else []
    try:
        items = [index[x] for x in ids]
    except KeyError as exc:
        name = exc.args[0]
        if not name:
            raise _BallotError("empty project id in vote", code="vote_empty_project") from None
        raise _BallotError(
            f"vote for unknown project {name!r}",
            code="vote_unknown_project",
            params={"project": name},
        ) from None
    points = None
    if has_points:
        p = [x.strip() for x in pts.split(",")] if pts.strip() else []
        if len(p) != len(items):
            if vote_type != "cumulative" and not "".join(p):
                p = []  # an empty points cell on a non-cumulative ballot
            else:
                raise _BallotError(
                    f"the ballot lists {len(items)} projects but {len(p)} points",
                    code="points_count",
                    params={"projects": len(items), "points": len(p)},
                )
        value = {"value": pts.strip()}
        try:
            points = [int(x) if x.isdigit() else _whole(x) for x in p]
        except (ValueError, ZeroDivisionError):
            raise _BallotError(
                f"points {pts.strip()!r} are not whole numbers",
                code="points_not_whole",
                params=value,
            ) from None
        if any(x > MAX_POINTS for x in points):
            raise _BallotError(
                f"points {pts.strip()!r} are too large", code="points_too_large", params=value
            )
        if any(x < 0 for x in points):
            raise _BallotError(
                f"points {pts.strip()!r} include a negative number",
                code="points_negative",
                params=value,
            )
        if not p:
            points = [0] * len(items) if vote_type != "cumulative" else []
    key = normalise_ballot(vote_type, items, points)
    if limits is not None:
        limits.check(key, len(items))
    return key


def _whole(text: str) -> int:
    value = Fraction(text)
    if value.denominator != 1:
        raise ValueError(text)
    return int(value)


class _Limits:
    """The ballot limits a META section states, checked on each unique ballot."""

    def __init__(self, meta: Mapping[str, str], instance: Instance, vote_type: str, lines):
        self.values: dict[str, Money] = {}
        for key in _LENGTH_LIMITS + _POINTS_LIMITS + _COST_LIMITS:
            if key in meta and meta[key].strip() and meta[key].strip().lower() != "none":
                self.values[key] = _number(meta[key], key, lines[key], "meta", key=key)
        self.vote_type = vote_type
        self.costs = [p.cost for p in instance.projects]

    def suspects(self, lengths: np.ndarray, owner: np.ndarray, items: np.ndarray) -> list[int]:
        """Ballots (of a file without points) that may be over a limit, found with numpy, in
        file order; :meth:`check` decides exactly."""
        v = self.values
        bad = np.zeros(len(lengths), dtype=bool)
        if self.vote_type == "choose-1":
            bad |= lengths > 1
        if "max_length" in v:
            bad |= lengths > v["max_length"]
        if "max_sum_cost" in v:
            costs = np.array([float(c) for c in self.costs])
            spent = np.bincount(owner, weights=costs[items], minlength=len(lengths))
            # float sums screen; the exact check in ``check`` confirms
            bad |= spent > float(v["max_sum_cost"]) * (1 - 1e-12)
        return np.flatnonzero(bad).tolist()

    def check(self, key, listed: int) -> None:
        items, points = key
        v = self.values
        n = len(items)
        if self.vote_type == "choose-1" and n > 1:
            raise _BallotError(
                f"a choose-1 ballot lists {n} projects",
                code="choose1_too_many",
                params={"projects": n},
            )
        if "max_length" in v and n > v["max_length"]:
            raise _BallotError(
                f"the ballot lists {n} projects, more than max_length {v['max_length']}",
                code="over_max_length",
                params={"projects": n, "limit": _shown(v["max_length"])},
            )
        if self.vote_type == "cumulative" and points is not None:
            total = sum(points)
            if "max_sum_points" in v and total > v["max_sum_points"]:
                raise _BallotError(
                    f"the ballot gives {total} points, more than max_sum_points",
                    code="over_max_sum_points",
                    params={"points": total, "limit": _shown(v["max_sum_points"])},
                )
            if "max_points" in v and points and max(points) > v["max_points"]:
                raise _BallotError(
                    f"the ballot gives {max(points)} points to one project, more than max_points",
                    code="over_max_points",
                    params={"points": max(points), "limit": _shown(v["max_points"])},
                )
        if "max_sum_cost" in v:
            total = sum(self.costs[i] for i in items)
            if "max_sum_cost" in v and total > v["max_sum_cost"]:
                raise _BallotError(
                    f"the ballot's projects cost {total}, more than max_sum_cost",
                    code="over_max_sum_cost",
                    params={"cost": _shown(total), "limit": _shown(v["max_sum_cost"])},
                )

"""The errors of the Pabulib reader: :class:`PabulibError` and the codes it carries.

Every problem in a file raises :class:`PabulibError`, whose message starts with the line number.
The error also carries a ``code`` from :data:`ERROR_CODES` and the values of its message in
``params``, so an application can say the same thing in another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

__all__ = ["ERROR_CODES", "PabulibError"]

# Every PabulibError code and its English message: ``ERROR_CODES[code].format(**params)`` is the
# error's ``reason``. Codes are stable: the web app words each one in Swedish
# (results/file_errors.py), so add a code there when you add one here.
ERROR_CODES: dict[str, str] = {
    # reading
    "cannot_read": "cannot read {path}: {reason}",
    "not_utf8": "the file is not UTF-8 text",
    # sections
    "section_missing": "the file has no {section} section",
    "section_repeated": "section {section} appears a second time",
    "section_order": "section {section} is out of order; expected META, PROJECTS, VOTES",
    "text_before_meta": "text before the META section",
    # META
    "meta_line_incomplete": "a META line needs a key and a value: key;value",
    "meta_key_repeated": "META key {key!r} appears twice",
    "meta_not_a_number": "{key} {value!r} is not a number",
    "meta_too_large": "{key} {value!r} is too large",
    "vote_type_missing": "META has no vote_type",
    "vote_type_unsupported": "vote_type {value!r} is not supported; expected one of {expected}",
    "budget_missing": "META has no budget",
    "budget_not_a_number": "budget {value!r} is not a number",
    "budget_too_large": "budget {value!r} is too large",
    "budget_negative": "budget is negative",
    "num_projects_mismatch": "num_projects says {stated} but the file has {actual} projects",
    "num_votes_mismatch": "num_votes says {stated} but the file has {actual} votes",
    # header lines of PROJECTS and VOTES
    "header_missing": "{section} needs a header line",
    "header_column_missing": "{section} header has no {column!r} column",
    "header_column_repeated": "{section} header repeats a column",
    "points_column_missing": "cumulative votes need a 'points' column",
    # PROJECTS
    "project_fields": "project line has {fields} fields, the header has {columns}",
    "project_id_empty": "empty project_id",
    "project_id_comma": "project id {project!r} contains a comma",
    "project_repeated": "project {project} is listed twice (first on line {first_line})",
    "cost_not_a_number": "cost of project {project} {value!r} is not a number",
    "cost_too_large": "cost of project {project} {value!r} is too large",
    "cost_negative": "cost of project {project} is negative",
    "amount_too_precise": "{value} has too many decimals to count exactly with the other amounts",
    # VOTES
    "vote_fields": "vote line has {fields} fields, the header has {columns}",
    "voter_repeated": "voter id {voter!r} appears twice (first on line {first_line})",
    "voter_id_empty": "empty voter_id",
    "vote_unknown_project": "vote for unknown project {project!r}",
    "vote_empty_project": "empty project id in vote",
    "points_count": "the ballot lists {projects} projects but {points} points",
    "points_not_whole": "points {value!r} are not whole numbers",
    "points_too_large": "points {value!r} are too large",
    "points_negative": "points {value!r} include a negative number",
    # ballot limits stated in META
    "choose1_too_many": "a choose-1 ballot lists {projects} projects",
    "over_max_length": "the ballot lists {projects} projects, more than max_length {limit}",
    "over_max_sum_points": "the ballot gives {points} points, more than max_sum_points",
    "over_max_points": "the ballot gives {points} points to one project, more than max_points",
    "over_max_sum_cost": "the ballot's projects cost {cost}, more than max_sum_cost",
}

_Params = Mapping[str, str | int]


class PabulibError(ValueError):
    """A malformed Pabulib file.

    ``line`` is the 1-based line number, when one applies; ``reason`` the English message
    without it. ``code`` is a key of :data:`ERROR_CODES` and ``params`` the values in the
    message, with ``line`` when there is one and sometimes a helpful extra (the stated limit,
    the value in question): strings and whole numbers only.
    """

    def __init__(
        self,
        message: str,
        line: int | None = None,
        *,
        code: str,
        params: _Params | None = None,
    ):
        self.line = line
        self.reason = message
        self.code = code
        self.params: dict[str, str | int] = dict(params or {})
        if line is not None:
            self.params["line"] = line
        super().__init__(f"line {line}: {message}" if line is not None else message)

    def __reduce__(self):  # keeps code and params when pickled (e.g. from a worker process)
        return partial(PabulibError, code=self.code, params=self.params), (self.reason, self.line)


class _BallotError(Exception):
    """A bad ballot, before its line is known; ``position`` is its place among the distinct
    ballots, when the reader checked them all at once."""

    def __init__(self, message: str, *, code: str, params: _Params | None = None):
        super().__init__(message)
        self.message, self.code, self.params = message, code, params
        self.position: int | None = None

    def error(self, line: int) -> PabulibError:
        return PabulibError(self.message, line, code=self.code, params=self.params)

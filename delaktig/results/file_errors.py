"""What is wrong in an uploaded Pabulib file, in plain words for the official.

The counting library names each problem in a file with a code and the values in it
(``delaktig.counting.pabulib.ERROR_CODES``); its own English messages are for the command line.
Here every code gets a sentence that says what is wrong and, where it can, what to do, after the
line it is on: "Rad 12: Budgeten ”-5” är negativ. Den måste vara 0 eller mer."
"""

from django.utils.translation import gettext, gettext_lazy

from delaktig.counting.pabulib import PabulibError

MESSAGES = {
    "cannot_read": gettext_lazy(
        "The file cannot be opened. Check that it exists and upload it again."
    ),
    "not_utf8": gettext_lazy(
        "The file is not saved as UTF-8 text. Save it as UTF-8 and upload it again."
    ),
    "section_missing": gettext_lazy(
        "The file has no %(section)s section. A Pabulib file has the sections META, PROJECTS "
        "and VOTES, in that order."
    ),
    "section_repeated": gettext_lazy(
        "The section %(section)s appears a second time. Each section may appear only once."
    ),
    "section_order": gettext_lazy(
        "The section %(section)s is in the wrong place. The sections come in the order META, "
        "PROJECTS, VOTES."
    ),
    "text_before_meta": gettext_lazy(
        "There is text before the META section. The file must begin with the line META."
    ),
    "meta_line_incomplete": gettext_lazy(
        "A line in META needs a name and a value with a semicolon between them, for example "
        "budget;500000."
    ),
    "meta_key_repeated": gettext_lazy(
        "The name %(key)s appears twice in META. Keep one of the lines."
    ),
    "meta_not_a_number": gettext_lazy(
        "The value of %(key)s, “%(value)s”, is not a number. Write it in digits."
    ),
    "meta_too_large": gettext_lazy(
        "The value of %(key)s, “%(value)s”, is too large. Check the number."
    ),
    "vote_type_missing": gettext_lazy(
        "META has no vote_type, which tells how people voted. Add a line such as "
        "vote_type;approval."
    ),
    "vote_type_unsupported": gettext_lazy(
        "The vote type “%(value)s” cannot be counted. Use one of these: %(expected)s."
    ),
    "budget_missing": gettext_lazy("META has no budget. Add a line such as budget;500000."),
    "budget_not_a_number": gettext_lazy(
        "The budget “%(value)s” is not a number. Write it in digits, for example 500000."
    ),
    "budget_too_large": gettext_lazy(
        "The budget “%(value)s” is too large to count. Check the amount."
    ),
    "budget_negative": gettext_lazy("The budget “%(value)s” is negative. It must be 0 or more."),
    "num_projects_mismatch": gettext_lazy(
        "num_projects says there are %(stated)s projects, but the file lists %(actual)s. "
        "Correct the number or the list of projects."
    ),
    "num_votes_mismatch": gettext_lazy(
        "num_votes says there are %(stated)s votes, but the file has %(actual)s. Correct the "
        "number or the votes."
    ),
    "header_missing": gettext_lazy(
        "The section %(section)s has no header line with the names of the columns."
    ),
    "header_column_missing": gettext_lazy(
        "The header line of %(section)s has no column %(column)s."
    ),
    "header_column_repeated": gettext_lazy(
        "The header line of %(section)s has the same column twice. Remove one of them."
    ),
    "points_column_missing": gettext_lazy(
        "Votes with points (vote_type cumulative) need a points column in the header line of VOTES."
    ),
    "project_fields": gettext_lazy(
        "The line has %(fields)s fields, but the header line of PROJECTS has %(columns)s. "
        "Check the semicolons on the line."
    ),
    "project_id_empty": gettext_lazy("The project has no project_id."),
    "project_id_comma": gettext_lazy(
        "The project id “%(project)s” contains a comma. An id cannot contain commas."
    ),
    "project_repeated": gettext_lazy(
        "Project %(project)s is listed twice. It is first on line %(first_line)s."
    ),
    "cost_not_a_number": gettext_lazy(
        "The cost of project %(project)s, “%(value)s”, is not a number. Write it in digits, "
        "for example 25000."
    ),
    "cost_too_large": gettext_lazy(
        "The cost of project %(project)s, “%(value)s”, is too large to count. Check the amount."
    ),
    "amount_too_precise": gettext_lazy(
        "The amount “%(value)s” has too many decimals to be counted exactly. Round it to whole "
        "units or a few decimals."
    ),
    "cost_negative": gettext_lazy(
        "The cost of project %(project)s is negative. It must be 0 or more."
    ),
    "vote_fields": gettext_lazy(
        "The line has %(fields)s fields, but the header line of VOTES has %(columns)s. "
        "Check the semicolons on the line."
    ),
    "voter_repeated": gettext_lazy(
        "The voter “%(voter)s” appears twice, first on line %(first_line)s. Each voter can "
        "have only one vote."
    ),
    "voter_id_empty": gettext_lazy("The vote has no voter_id."),
    "vote_unknown_project": gettext_lazy(
        "The vote is for project “%(project)s”, which is not in PROJECTS."
    ),
    "vote_empty_project": gettext_lazy(
        "The vote has an empty project id, for example two commas in a row."
    ),
    "points_count": gettext_lazy(
        "The vote lists %(projects)s projects but %(points)s point values. Each project needs "
        "one point value."
    ),
    "points_not_whole": gettext_lazy(
        "The points “%(value)s” are not whole numbers. Write the points as whole numbers "
        "separated by commas."
    ),
    "points_too_large": gettext_lazy("The points “%(value)s” are too large to count."),
    "points_negative": gettext_lazy(
        "The points “%(value)s” include a negative number. Points must be 0 or more."
    ),
    "choose1_too_many": gettext_lazy(
        "The vote lists %(projects)s projects, but with vote_type choose-1 a vote has only one "
        "project."
    ),
    "over_max_length": gettext_lazy(
        "The vote lists %(projects)s projects, more than max_length allows (%(limit)s)."
    ),
    "over_max_sum_points": gettext_lazy(
        "The vote gives %(points)s points in all, more than max_sum_points allows (%(limit)s)."
    ),
    "over_max_points": gettext_lazy(
        "The vote gives %(points)s points to one project, more than max_points allows (%(limit)s)."
    ),
    "over_max_sum_cost": gettext_lazy(
        "The projects on the vote cost %(cost)s in all, more than max_sum_cost allows (%(limit)s)."
    ),
}

# for a code this module does not know yet (a newer counting library), or params that do not fit
UNKNOWN = gettext_lazy(
    "The file does not follow the Pabulib format. Compare it with the description of the "
    "format on pabulib.org."
)

LONGEST_VALUE = 60  # a value from the file is cut after this many characters


def _short(value):
    if isinstance(value, str) and len(value) > LONGEST_VALUE:
        return value[: LONGEST_VALUE - 1] + "…"
    return value


def file_error_message(error: PabulibError) -> str:
    """The problem in words, after its line when it has one: "Rad 13: Kostnaden för ..."."""
    template = MESSAGES.get(error.code, UNKNOWN)
    params = {key: _short(value) for key, value in error.params.items()}
    try:
        problem = str(template) % params
    except (KeyError, TypeError, ValueError):
        problem = str(UNKNOWN)
    if error.line is None:
        return problem
    return gettext("Line %(line)s: %(problem)s") % {"line": error.line, "problem": problem}

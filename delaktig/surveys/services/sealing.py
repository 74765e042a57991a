"""After a survey closes: locators cleared, drafts deleted, and responses and answers rewritten
in random order under new random keys (ADR 0005), as voting seals its ballot boxes (ADR 0001).

Until then a copy of the database could line up a signed-in respondent's `Respondent` row
with their response: on PostgreSQL by the order rows lie in the table (ctid) and by the
transaction that wrote both (xmin), and through the locator for whoever holds its key. The seal
cuts all three: it copies every response and answer to new rows, in the order of new random
keys, in one transaction of its own, and deletes the old rows.
"""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from delaktig.audit import services as audit
from delaktig.core import storage
from delaktig.core.errors import Conflict

from ..models import Answer, FollowUpAddress, Quote, Response, Survey


def seal_survey(*, survey: Survey, force: bool = False) -> int:
    """Once the survey has closed: delete the drafts never sent, clear every locator and
    rewrite the responses, their answers and the addresses left for feedback in random order.
    Again whenever responses were added since (paper answers typed in after the close).

    Returns the number of responses rewritten (0 when nothing changed since the last seal)."""
    if not survey.has_closed():
        raise Conflict(_("The survey is still open: answers can still be given and changed."))
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        drafts = Response.objects.filter(survey=survey, submitted=False)
        Answer.objects.filter(response__in=drafts).delete()
        dropped = drafts.delete()[0]
        count = Response.objects.filter(survey=survey).count()
        if not force and not dropped and survey.sealed_responses == count:
            return 0
        _rewrite_in_random_order(survey)
        _coarsen_stored_facts(survey)
        survey.sealed_responses = count
        survey.save(update_fields=["sealed_responses"])
        audit.record(None, "survey.sealed", survey, round_id=survey.process_id, responses=count)
    transaction.on_commit(compact_survey_storage)
    return count


def _coarsen_stored_facts(survey) -> None:
    """What a response keeps about its respondent (district, unit, age band) becomes as coarse
    as the export shows it: every stored combination is shared by at least K responses
    (exports.released_attributes). Otherwise a copy of the database could match a rare
    combination against who answered (`Respondent`) and the people's own district, unit and
    birth date (issue 12 review: one of five in a unit answered, and the answer was theirs)."""
    from ..exports import released_attributes

    rows = Response.objects.filter(survey=survey, submitted=True).values_list(
        "id", "channel", "district_id", "unit_id", "age_band"
    )
    stored = {row[0]: row for row in rows}
    changes: dict[tuple, list] = {}
    for pk, (_channel, district, unit, age) in released_attributes(
        stored.values(), survey.min_group_size
    ).items():
        row = stored[pk]
        kept = (district, unit, age or "")
        if kept != (row[2], row[3], row[4] or ""):
            changes.setdefault(kept, []).append(pk)
    for (district, unit, age), ids in changes.items():
        for start in range(0, len(ids), 500):
            Response.objects.filter(pk__in=ids[start : start + 500]).update(
                district_id=district, unit_id=unit, age_band=age
            )


def _random_key_sql() -> str:
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    return "lower(hex(randomblob(16)))"  # Django's UUID column on SQLite: 32 hex digits


# All in SQL, as voting's seal: a map of new keys for responses and for answers, copies inserted
# in the order of the new keys, the themes and quotes of answers moved to the copies, the old
# rows deleted. No column of a copy says when or by whom it was given. 2.7 s on SQLite and 2.1 s
# on PostgreSQL for 20 000 responses of 3 answers on the 2-core test machine (before VACUUM).
SEAL_STEPS = (
    "CREATE TEMPORARY TABLE {rmap} AS SELECT id AS old_id, {random} AS new_id "
    "FROM {response} WHERE survey_id = %(survey)s",
    "CREATE TEMPORARY TABLE {amap} AS SELECT a.id AS old_id, {random} AS new_id, "
    "m.new_id AS response_id FROM {answer} a JOIN {rmap} m ON m.old_id = a.response_id",
    "INSERT INTO {response} (id, survey_id, locator, submitted, channel, district_id, unit_id, "
    "age_band) SELECT m.new_id, r.survey_id, NULL, r.submitted, r.channel, r.district_id, "
    "r.unit_id, r.age_band FROM {response} r JOIN {rmap} m ON m.old_id = r.id ORDER BY m.new_id",
    "INSERT INTO {answer} (id, response_id, question_id, option_id, statement_id, number, text) "
    "SELECT m.new_id, m.response_id, a.question_id, a.option_id, a.statement_id, a.number, "
    "a.text FROM {answer} a JOIN {amap} m ON m.old_id = a.id ORDER BY m.response_id, m.new_id",
    "UPDATE {themes} SET answer_id = (SELECT m.new_id FROM {amap} m WHERE m.old_id = "
    "{themes}.answer_id) WHERE answer_id IN (SELECT old_id FROM {amap})",
    "UPDATE {quote} SET answer_id = (SELECT m.new_id FROM {amap} m WHERE m.old_id = "
    "{quote}.answer_id) WHERE answer_id IN (SELECT old_id FROM {amap})",
    "DELETE FROM {answer} WHERE id IN (SELECT old_id FROM {amap})",
    "DELETE FROM {response} WHERE id IN (SELECT old_id FROM {rmap})",
    "DROP TABLE {amap}",
    "DROP TABLE {rmap}",
    "CREATE TEMPORARY TABLE {rmap} AS SELECT {random} AS new_id, survey_id, email "
    "FROM {address} WHERE survey_id = %(survey)s",
    "DELETE FROM {address} WHERE survey_id = %(survey)s",
    "INSERT INTO {address} (id, survey_id, email) SELECT new_id, survey_id, email FROM {rmap} "
    "ORDER BY new_id",
    "DROP TABLE {rmap}",
)


def _rewrite_in_random_order(survey) -> None:
    q = connection.ops.quote_name
    names = {
        "response": q(Response._meta.db_table),
        "answer": q(Answer._meta.db_table),
        "themes": q(Answer.themes.through._meta.db_table),
        "quote": q(Quote._meta.db_table),
        "address": q(FollowUpAddress._meta.db_table),
        "rmap": q("surveys_seal_responses"),
        "amap": q("surveys_seal_answers"),
        "random": _random_key_sql(),
    }
    with connection.cursor() as cursor:
        for step in SEAL_STEPS:
            cursor.execute(step.format(**names), {"survey": survey.pk})


def compact_survey_storage() -> None:
    """Outside a transaction, make the database file forget the old rows of responses,
    answers and addresses (core.storage.forget_old_rows, as voting does for ballots)."""
    storage.forget_old_rows(
        [Response._meta.db_table, Answer._meta.db_table, FollowUpAddress._meta.db_table]
    )

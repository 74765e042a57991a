"""Exports of a large survey's answers, and searching its free text.

Seeds a 30-question survey (one and several choices, scales, matrices, rankings, short and
long text) with N submitted responses (default 50 000; 10 % of them with free text) by bulk
inserts, then measures:

- the CSV and the XLSX of all answers (surveys.exports, as the task queue makes them), each
  in a forked child: wall and CPU seconds (the machine may be shared: CPU seconds are the
  process's own work) and how far resident memory rose during the export. The goal of issue
  12: under 30 s, in bounded memory;
- a case-insensitive search of a text question's answers (free_text.answers_of): median ms
  of the count and the first page.

    .venv/bin/python bench/dialogue_export.py [--responses 50000] [--reuse]

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database (an empty
PostgreSQL database is migrated and filled).
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import setup_django  # noqa: E402

WORDS = [
    "park",
    "belysning",
    "skola",
    "buss",
    "cykel",
    "trygghet",
    "information",
    "lyssna",
    "chef",
    "möten",
    "samverkan",
    "inflytande",
    "arbetsmiljö",
    "tid",
    "budget",
    "idrott",
    "bad",
    "bibliotek",
    "väg",
    "snö",
    "grönområde",
    "lekplats",
]


def seed(n_responses: int, rng: random.Random):
    from django.db import connection, transaction

    from delaktig.accounts.models import District, Unit
    from delaktig.surveys.models import AgeBand, Answer, Channel, QuestionKind, Quote, Response
    from delaktig.surveys.tests.factories import (
        QuestionFactory,
        SurveyFactory,
        choice_question,
        matrix_question,
        scale_question,
    )

    survey = SurveyFactory(title="Medarbetardialog", min_group_size=5)
    questions = [
        choice_question(survey, ("Ja", "Nej", "Delvis", "Vet inte"), allow_other=i < 2)
        for i in range(8)
    ]
    questions += [
        choice_question(survey, tuple(f"Val {j}" for j in range(5)), kind=QuestionKind.MULTIPLE)
        for _ in range(4)
    ]
    questions += [scale_question(survey, allow_dont_know=True) for _ in range(6)]
    questions += [matrix_question(survey, statements=("A", "B", "C", "D")) for _ in range(4)]
    questions += [
        choice_question(survey, ("Ett", "Två", "Tre", "Fyra"), kind="ranking") for _ in range(2)
    ]
    questions += [
        QuestionFactory(survey=survey, kind=kind)
        for kind in [QuestionKind.SHORT_TEXT] * 3 + [QuestionKind.LONG_TEXT] * 3
    ]
    assert len(questions) == 30
    options = {q.pk: list(q.options.all()) for q in questions}
    statements = {q.pk: list(q.statements.all()) for q in questions}
    districts = [District.objects.create(name=f"Område {i}") for i in range(6)]
    units = [Unit.objects.create(name=f"Enhet {i}") for i in range(8)]
    bands = [b.value for b in AgeBand]
    channels = [Channel.ONLINE] * 18 + [Channel.PAPER, Channel.INTERVIEW]

    def text():
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 40))).capitalize()

    texts = 0
    batch = 5000
    for start in range(0, n_responses, batch):
        responses, answers = [], []

        def add(response_id, q, option=None, statement=None, number=None, text="", answers=answers):
            answers.append((uuid.uuid4().hex, response_id, q.pk, option, statement, number, text))

        for _ in range(min(batch, n_responses - start)):
            unit = units[-1] if rng.random() < 0.0001 else rng.choice(units[:-1])
            response_id = uuid.uuid4().hex
            responses.append(
                (
                    response_id,
                    survey.pk,
                    True,
                    rng.choice(channels),
                    rng.choice(districts).pk,
                    unit.pk,
                    rng.choice(bands),
                )
            )
            with_text = rng.random() < 0.10
            for q in questions:
                if q.kind == QuestionKind.SINGLE:
                    if q.allow_other and with_text and rng.random() < 0.3:
                        add(response_id, q, text=text())
                    else:
                        add(response_id, q, option=rng.choice(options[q.pk]).pk)
                elif q.kind == QuestionKind.MULTIPLE:
                    for o in rng.sample(options[q.pk], rng.randint(1, 3)):
                        add(response_id, q, option=o.pk)
                elif q.kind == QuestionKind.SCALE:
                    add(response_id, q, number=None if rng.random() < 0.05 else rng.randint(1, 5))
                elif q.kind == QuestionKind.MATRIX:
                    for st in statements[q.pk]:
                        add(response_id, q, statement=st.pk, number=rng.randint(1, 5))
                elif q.kind == QuestionKind.RANKING:
                    ranked = rng.sample(options[q.pk], len(options[q.pk]))
                    for place, o in enumerate(ranked, start=1):
                        add(response_id, q, option=o.pk, number=place)
                elif with_text:
                    add(response_id, q, text=text())
                    texts += 1
        # Table names from the models, values as parameters.
        response_sql = (
            f"INSERT INTO {Response._meta.db_table} (id, survey_id, submitted, channel, "  # noqa: S608
            "district_id, unit_id, age_band) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        )
        answer_sql = (
            f"INSERT INTO {Answer._meta.db_table} (id, response_id, question_id, option_id, "  # noqa: S608
            "statement_id, number, text) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(response_sql, responses)
            cursor.executemany(answer_sql, answers)
    quoted = Answer.objects.filter(question__survey=survey).exclude(text="")[:200]
    Quote.objects.bulk_create(
        Quote(answer=a, text=a.text[:100], checked_at=survey.created_at) for a in quoted
    )
    return survey, questions, texts


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def measure(label, run):
    """Run the export in a child process (fork): wall and CPU seconds, the file's size, and
    how far the child's resident memory rose above what it started with (VmHWM - VmRSS)."""
    from django.db import connections

    connections.close_all()  # each process opens its own connection
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        base = _status_kib("VmRSS")
        start, cpu = time.perf_counter(), time.process_time()
        size = run()
        figures = (
            f"{time.perf_counter() - start:.1f} {time.process_time() - cpu:.1f} {size} "
            f"{_status_kib('VmHWM') - base}"
        )
        os.write(write, figures.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        figures = pipe.read()
    os.waitpid(pid, 0)
    seconds, cpu, size, peak = figures.split()
    print(
        f"{label}: {seconds} s ({cpu} s CPU), {int(size) / 2**20:.1f} MiB, "
        f"peak memory +{int(peak) / 1024:.0f} MiB"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the survey an earlier run seeded in the same DATABASE_URL",
    )
    args = parser.parse_args()
    setup_django("dialogue_export")
    from django.db import connection

    from delaktig.surveys import exports, free_text
    from delaktig.surveys.models import TEXT_KINDS, Answer

    started = time.perf_counter()
    if args.reuse:
        from delaktig.surveys.models import Survey

        survey = Survey.objects.filter(title="Medarbetardialog").latest("pk")
        questions = list(survey.questions.order_by("position", "pk"))
        texts = Answer.objects.filter(question__survey=survey, question__kind__in=TEXT_KINDS)
        texts = texts.exclude(text="").count()
    else:
        survey, questions, texts = seed(args.responses, random.Random(12))
    if connection.vendor == "postgresql":
        # What autovacuum does to a table that has been filled: statistics for the planner,
        # and the visibility map that lets an index cover a query.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE surveys_response, surveys_answer, surveys_quote")
    answers = Answer.objects.filter(question__survey=survey).count()
    load = os.getloadavg()[0]
    responses = survey.responses.count()
    print(
        f"{connection.vendor}, load average {load:.1f} on {os.cpu_count()} cores: "
        f"{responses} responses, {answers} answers, "
        f"{texts} free texts; seeded in {time.perf_counter() - started:.0f} s"
    )

    def csv_run():
        size = 0
        for line in exports.csv_lines(survey):
            size += len(line.encode("utf-8"))
        return size

    def xlsx_run():
        with open(Path(exports.settings.BASE_DIR) / "bench" / "out" / "export.xlsx", "wb") as f:
            exports.write_xlsx(survey, f)
            return f.tell()

    measure("CSV of all answers", csv_run)
    measure("XLSX of all answers", xlsx_run)

    question = questions[-1]
    count = free_text.answers_of(question).count()
    timings = []
    for word in WORDS[:20]:
        start = time.perf_counter()
        found = free_text.answers_of(question, search=word.upper())
        found.count()
        list(found[:20])
        timings.append((time.perf_counter() - start) * 1000)
    print(
        f"search in {count} texts of one question: median {statistics.median(timings):.1f} ms, "
        f"max {max(timings):.1f} ms (count and first page)"
    )


if __name__ == "__main__":
    main()

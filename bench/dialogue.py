"""Server time and SQL queries of a survey's results pages (issue 12).

Builds a 30-question survey (choices, scales, six matrices, rankings, three free-text questions
that one in ten respondents fill in) with N responses (default 50 000) from districts, units,
age bands and channels, inserted in batches (bounded memory), then requests the officials'
results page and each breakdown at least R times through Django's test client (in process: the
server's own time, no network) and prints median and p95 in ms and the number of SQL queries.
The same pages of a survey with N/10 responses are measured for the query count: it must not
grow with the number of answers. Goal (issue 12): under 200 ms median.

    .venv/bin/python bench/dialogue.py [--responses 50000] [--requests 20] [--reuse]

"first view" is the page counted afresh (cache cleared): what a reader waits for once a minute
while the survey is open, and once after it has closed.

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database.
"""

import argparse
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import measure, setup_django

GOAL_MS = 200
BATCH = 1000  # responses per insert batch


def build_survey(label: str):
    from datetime import timedelta

    from django.utils import timezone

    from delaktig.processes.models import BudgetRound
    from delaktig.surveys.models import Option, Question, Statement, Survey

    process = BudgetRound.objects.create(
        slug=f"dialog-{label}",
        name=f"Dialog {label}",
        kind="dialogue",
        audience="citizen",
        summary="Bench",
        total_budget=None,
        status="published",
        published_at=timezone.now(),
    )
    now = timezone.now()
    survey = Survey.objects.create(
        process=process,
        slug="enkat",
        title="Medarbetarenkät",
        status="published",
        results_public=True,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=10),
    )
    kinds = (
        ["single"] * 5
        + ["multiple"] * 4
        + ["scale"] * 9
        + ["matrix"] * 6
        + ["ranking"] * 3
        + ["long_text"] * 3
    )
    for position, kind in enumerate(kinds):
        scale = kind in ("scale", "matrix")
        question = Question.objects.create(
            survey=survey,
            kind=kind,
            position=position,
            text=f"Fråga {position + 1}",
            scale_min=1 if scale else None,
            scale_max=5 if scale else None,
            scale_min_label="Instämmer inte alls" if scale else "",
            scale_max_label="Instämmer helt" if scale else "",
            allow_dont_know=scale,
            allow_other=kind == "single",
        )
        if kind in ("single", "multiple", "ranking"):
            Option.objects.bulk_create(
                Option(question=question, text=f"Alternativ {i + 1}", position=i) for i in range(5)
            )
        if kind == "matrix":
            Statement.objects.bulk_create(
                Statement(question=question, text=f"Påstående {i + 1}", position=i)
                for i in range(5)
            )
    return survey


def fill(survey, n: int, rng: random.Random, districts, units):
    """n submitted responses, inserted BATCH at a time."""
    from delaktig.surveys.models import Answer, Response

    questions = list(survey.questions.prefetch_related("options", "statements"))
    plan = [
        (q, [o.pk for o in q.options.all()], [s.pk for s in q.statements.all()]) for q in questions
    ]
    bands = ["18-29", "30-44", "45-64", "65-", ""]
    channels = ["online"] * 8 + ["paper", "interview"]
    for start in range(0, n, BATCH):
        responses, answers = [], []
        for _ in range(min(BATCH, n - start)):
            response = Response(
                id=uuid.uuid4(),
                survey=survey,
                submitted=True,
                channel=rng.choice(channels),
                district_id=rng.choice(districts),
                unit_id=rng.choice(units),
                age_band=rng.choice(bands),
            )
            responses.append(response)
            for question, options, statements in plan:
                kind = question.kind
                if kind == "single":
                    if rng.random() < 0.05:
                        answers.append(Answer(response=response, question=question, text="Annat"))
                    else:
                        answers.append(
                            Answer(
                                response=response, question=question, option_id=rng.choice(options)
                            )
                        )
                elif kind == "multiple":
                    answers.extend(
                        Answer(response=response, question=question, option_id=o)
                        for o in rng.sample(options, rng.randint(1, 3))
                    )
                elif kind == "scale":
                    value = None if rng.random() < 0.05 else rng.randint(1, 5)
                    answers.append(Answer(response=response, question=question, number=value))
                elif kind == "matrix":
                    answers.extend(
                        Answer(
                            response=response,
                            question=question,
                            statement_id=s,
                            number=None if rng.random() < 0.05 else rng.randint(1, 5),
                        )
                        for s in statements
                    )
                elif kind == "ranking":
                    order = rng.sample(options, len(options))
                    answers.extend(
                        Answer(response=response, question=question, option_id=o, number=place)
                        for place, o in enumerate(order, start=1)
                    )
                elif rng.random() < 0.10:
                    answers.append(
                        Answer(response=response, question=question, text="Mer samverkan, tack.")
                    )
        Response.objects.bulk_create(responses)
        Answer.objects.bulk_create(answers, batch_size=5000)


def pages(survey):
    from django.urls import reverse

    url = reverse(
        "survey_results_manage:results",
        kwargs={"slug": survey.process.slug, "survey_slug": survey.slug},
    )
    out = {"results page": url}
    for by in ("district", "unit", "age", "channel"):
        out[f"by {by}"] = f"{url}?by={by}"
    out["one district"] = None  # filled in by main: needs a district id
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the survey seeded by the last run again"
    )
    args = parser.parse_args()
    if args.reuse:
        from pages import OUT

        os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'dialogue.sqlite3'}")
    setup_django("dialogue")
    import warnings

    from django.test import Client

    from delaktig.accounts.models import District, Unit, User

    warnings.filterwarnings("ignore", message="No directory at")
    from delaktig.surveys.models import Answer, Survey

    rng = random.Random(12)
    surveys = {}
    if args.reuse:
        districts = list(District.objects.order_by("name").values_list("pk", flat=True))
        districts.append(None)
        official = User.objects.get(email="official@bench.se")
        for label in ("small", "big"):
            surveys[label] = Survey.objects.get(process__slug=f"dialog-{label}")
            n = surveys[label].responses.count()
            print(f"reused {n} responses ({label})")
    else:
        districts = [District.objects.create(name=f"Område {i}").pk for i in range(8)] + [None]
        units = [Unit.objects.create(name=f"Enhet {i}").pk for i in range(6)] + [None]
        official = User.objects.create(email="official@bench.se", is_official=True)
        for label, n in (("small", max(50, args.responses // 10)), ("big", args.responses)):
            start = time.perf_counter()
            surveys[label] = build_survey(label)
            fill(surveys[label], n, rng, districts, units)
            print(f"seeded {n} responses in {time.perf_counter() - start:.1f} s ({label})")

    print(f"answers stored: {Answer.objects.count()}")
    client = Client()
    client.force_login(official)

    def urls(survey):
        out = pages(survey)
        out["one district"] = f"{out['results page']}?district={districts[0]}"
        return out

    small = {name: measure(client, url, 2)[2] for name, url in urls(surveys["small"]).items()}
    print(
        f"{'page':15} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'queries/10':>11}"
        f"  goal {GOAL_MS} ms"
    )
    for name, url in urls(surveys["big"]).items():
        from django.core.cache import cache

        cache.clear()
        start = time.perf_counter()
        client.get(url)
        first = (time.perf_counter() - start) * 1000
        median, p95, queries = measure(client, url, args.requests)
        verdict = "ok" if median < GOAL_MS and queries == small[name] else "MISSED"
        print(
            f"{name:15} {median:10.1f} {p95:8.1f} {queries:8d} {small[name]:11d}  {verdict}"
            f"  (first view {first:.0f} ms, {median / GOAL_MS:.2f} of the goal)"
        )


if __name__ == "__main__":
    main()

"""Time to make the dialogue report's accessible PDF (WeasyPrint, PDF/UA-1).

Builds a dialogue whose report has N theme blocks (default 30), each with a Markdown summary
and five quotes, N question blocks (a matrix of five statements with its diverging-bar chart
and table, 200 answers), key figures, text and "Vad händer nu?", publishes it, and times the
PDF the task queue makes (`dialogue.pdf.report_pdf`) several times. Reference: the goal of
issue 12, under 10 s. Prints the median, the page count and the size.

    .venv/bin/python bench/dialogue_report.py [--blocks 30] [--runs 3]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import setup_django

SUMMARY = (
    "Många svarar att de får information **för sent**, när besluten redan är fattade. "
    "Medarbetare i kvällsschema når sällan arbetsplatsträffarna.\n\n"
    "- Information i tid\n- Tid för samverkan\n- Återkoppling på synpunkter"
)
QUOTE = "Vi får ofta veta om förändringar för sent, när allt redan är bestämt ({n})."


def build(n_blocks: int):
    from datetime import timedelta

    from django.utils import timezone

    from delaktig.accounts.models import User
    from delaktig.dialogue import services
    from delaktig.dialogue.models import BlockKind
    from delaktig.dialogue.services import BlockData
    from delaktig.surveys.models import Quote, Survey, Theme
    from delaktig.surveys.tests.factories import (
        QuestionFactory,
        SurveyFactory,
        dialogue_factory,
        matrix_question,
        stored_response,
    )

    official = User.objects.create(email="official@bench.se", is_official=True)
    process = dialogue_factory(name="Medarbetardialog (bench)")
    survey = SurveyFactory(process=process)
    question = QuestionFactory(survey=survey, kind="long_text")
    report = services.report_for(process)
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.TEXT, body="# Bakgrund\n\n" + SUMMARY)
    )
    for b in range(n_blocks):
        theme = Theme.objects.create(survey=survey, name=f"Tema {b + 1}")
        quotes = []
        for q in range(5):
            answer = stored_response(survey, {question: QUOTE.format(n=b * 5 + q)}).answers.get()
            quotes.append(
                Quote.objects.create(
                    answer=answer, theme=theme, text=answer.text, checked_at=timezone.now()
                )
            )
        services.add_block(
            by=official,
            report=report,
            data=BlockData(
                BlockKind.THEME,
                body=SUMMARY,
                theme_id=theme.pk,
                quote_ids=tuple(q.pk for q in quotes),
            ),
        )
    for b in range(n_blocks):
        matrix = matrix_question(
            survey, statements=[f"Påstående {b + 1}.{i}" for i in range(1, 6)], low=1, high=5
        )
        statements = list(matrix.statements.all())
        for r in range(200):
            stored_response(
                survey, {matrix: {s: 1 + (r * 7 + i * 3) % 5 for i, s in enumerate(statements)}}
            )
        services.add_block(
            by=official, report=report, data=BlockData(BlockKind.QUESTION, question_id=matrix.pk)
        )
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.FIGURES, survey_id=survey.pk)
    )
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.NEXT_STEPS, body=SUMMARY)
    )
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=9), closes_at=timezone.now() - timedelta(days=1)
    )
    return services.publish_version(by=official, report=report)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django("dialogue_report")
    from pypdf import PdfReader

    from delaktig.dialogue.pdf import report_pdf

    version = build(args.blocks)
    times, pdf = [], b""
    for _run in range(args.runs):
        start = time.perf_counter()
        pdf = report_pdf(version)
        times.append(time.perf_counter() - start)
    from io import BytesIO

    pages = len(PdfReader(BytesIO(pdf)).pages)
    median = statistics.median(times)
    verdict = "ok" if median < 10 else "MISSED"
    print(
        f"report PDF: {args.blocks} theme blocks with 5 quotes each and {args.blocks} matrix "
        f"charts with their tables, {pages} pages, "
        f"{len(pdf) / 1024:.0f} KiB; median {median:.2f} s of {args.runs} "
        f"(goal < 10 s: {median / 10:.0%} of it) {verdict}"
    )


if __name__ == "__main__":
    main()

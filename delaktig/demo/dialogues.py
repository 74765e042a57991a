"""The demo's dialogues, built through the platform's own services (issue 12):

- Skara-like "Medarbetardialog: samverkan och inflytande": employees of four units (one of only
  three people, which the K rule hides), a matrix and free-text survey with about 400 answers,
  themes, a published dialogue report to kommunstyrelsen and, after the decision, "Ni sa – vi
  gjorde".
- Vansbro-like "Utmaningen": a survey open now to everyone without signing in, holding answers
  from the public and interview answers typed in by an official, its results public.
- An evaluation survey on the Säter round, opening after the result.

Time is simulated with processes.timeline.move_to, as for the rounds.
"""

import functools
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects

from delaktig.accounts.models import Unit
from delaktig.dialogue import services as dialogue
from delaktig.dialogue.models import BlockKind
from delaktig.processes import services as processes
from delaktig.processes.timeline import move_to
from delaktig.surveys import free_text
from delaktig.surveys.models import QuestionKind
from delaktig.surveys.services import answering, building, sealing

from . import dialogue_content as content


def build_survey(official, process, spec, **settings):
    """A survey from the demo's spec: sections, questions (conditions by the index of an
    earlier question), published. Returns (survey, questions in order)."""
    survey = building.create_survey(
        by=official,
        process=process,
        data={"title": spec["title"], "intro": spec["intro"], **settings},
    )
    questions = []
    for title, specs in spec["sections"]:
        section = building.add_section(by=official, survey=survey, title=title)
        for kind, text, extra in specs:
            low, high, low_label, high_label = extra.get("scale", (None, None, "", ""))
            data = building.QuestionData(
                kind=kind,
                text=text,
                section_id=section.pk,
                required=extra.get("required", False),
                options=list(extra.get("options", [])),
                statements=list(extra.get("statements", [])),
                max_choices=extra.get("max"),
                allow_other=extra.get("other", False),
                scale_min=low,
                scale_max=high,
                scale_min_label=low_label,
                scale_max_label=high_label,
                allow_dont_know=extra.get("dont_know", False),
            )
            if "show_if" in extra:
                index, texts = extra["show_if"]
                earlier = questions[index]
                data.show_if_question_id = earlier.pk
                data.show_if_option_ids = [o.pk for o in earlier.options.filter(text__in=texts)]
            questions.append(building.save_question(by=official, survey=survey, data=data))
    # Answers.for_questions reads these for each of the hundreds of respondents: fetched
    # once here rather than three queries a question a respondent (seconds of the load).
    prefetch_related_objects(questions, "options", "statements", "show_if_options")
    return building.publish_survey(by=official, survey=survey), questions


class Answers:
    """Plausible answers: each group (a unit, the public) leans one way on the scales."""

    def __init__(self, rng, free_text):
        self.rng = rng
        self.free_text = free_text

    def scale(self, question, lean):
        if question.allow_dont_know and self.rng.random() < 0.05:
            return None
        low, high = question.scale_min, question.scale_max
        value = round(self.rng.gauss(low + (high - low) * lean, 1.0))
        return min(high, max(low, value))

    def for_questions(self, questions, lean, *, text_share=0.3):
        answers = {}
        chosen: dict[int, set[int]] = {}
        for q in questions:
            if q.show_if_question_id:
                wanted = {o.pk for o in q.show_if_options.all()}
                if not chosen.get(q.show_if_question_id, set()) & wanted:
                    continue
            options = list(q.options.all())
            if q.kind == QuestionKind.SINGLE:
                pick = options[0] if self.rng.random() < lean else self.rng.choice(options)
                chosen[q.pk] = {pick.pk}
                answers[q.pk] = {"options": [pick.pk]}
            elif q.kind == QuestionKind.MULTIPLE:
                n = self.rng.randint(1, q.max_choices or len(options))
                picks = self.rng.sample(options, min(n, len(options)))
                chosen[q.pk] = {p.pk for p in picks}
                answers[q.pk] = {"options": [p.pk for p in picks]}
            elif q.kind == QuestionKind.SCALE:
                value = self.scale(q, lean)
                answers[q.pk] = {"dont_know": True} if value is None else {"number": value}
            elif q.kind == QuestionKind.MATRIX:
                rows = {}
                for i, s in enumerate(q.statements.all()):
                    value = self.scale(q, min(0.95, max(0.05, lean + (i % 3 - 1) * 0.12)))
                    rows[s.pk] = "dont_know" if value is None else value
                answers[q.pk] = {"rows": rows}
            elif q.kind == QuestionKind.RANKING:
                order = self.rng.sample(options, len(options))
                answers[q.pk] = {"places": {o.pk: i for i, o in enumerate(order, start=1)}}
            elif self.rng.random() < text_share:
                answers[q.pk] = {"text": self.rng.choice(self.free_text)}
        return answers


def load_skara(demo):
    """Medarbetardialog: answered by employees of four units, then analysed and reported."""
    spec = content.SKARA
    official = demo.official
    units = []
    for name, size in spec["units"]:
        unit = Unit.objects.get_or_create(name=name)[0]
        members = list(unit.members.all()[:size])
        for i in range(size - len(members)):
            person = demo.person(f"skara-{unit.pk}-{i}")
            person.units.add(unit)
            members.append(person)
        units.append((unit, members))
    process = processes.create_round(
        by=official,
        data={
            "name": spec["name"],
            "kind": "dialogue",
            "audience": "staff",
            "summary": spec["summary"],
            "rules_text": spec["rules_text"],
            "total_budget": None,
            "eligibility": "signed_in",
            "decision_body": spec["decision_body"],
            "decision_subject": spec["decision_subject"],
            "decision_when": spec["decision_when"],
        },
    )
    move_to(process, "consult")
    process = processes.publish_round(by=official, budget_round=process)
    survey_spec = spec["survey"]
    survey, questions = build_survey(
        official, process, survey_spec, access="signed_in", results_public=True
    )
    answers = Answers(demo.rng, spec["free_text"])
    leans = [0.55, 0.45, 0.65, 0.5]
    sent = 0
    for (_unit, members), lean in zip(units, leans, strict=True):
        for person in members:
            if sent >= survey_spec["responses"] or demo.rng.random() < 0.12:
                continue  # not everyone answers
            answering.submit(
                by=person, survey=survey, answers=answers.for_questions(questions, lean)
            )
            sent += 1
            if sent % 20 == 0:
                answering.leave_follow_up_address(survey=survey, email=person.email)
    move_to(process, "analysis")
    sealing.seal_survey(survey=survey)
    themes = analyse_free_text(official, survey, spec)
    move_to(process, "report")
    publish_report(official, process, survey, themes, spec)
    move_to(process, "feedback")
    dialogue.save_feedback(
        by=official, process=process, data=dialogue.FeedbackData(**spec["feedback"])
    )
    dialogue.publish_feedback(by=official, process=process)
    return process, survey


def analyse_free_text(official, survey, spec):
    """Themes found by a word of each, every answer holding it tagged, and the quotes the
    report uses picked and checked for personal data. Returns {theme name: (theme, quotes)}."""
    question = next(q for q in free_text.text_questions(survey) if q.kind == QuestionKind.LONG_TEXT)
    found = {}
    for name, word in spec["themes"].items():
        theme = free_text.create_theme(by=official, survey=survey, name=name)
        free_text.tag_answers(
            by=official,
            survey=survey,
            answers=free_text.answers_of(question, search=word),
            theme=theme,
        )
        found[name] = (theme, [])
    for index in spec["quotes"]:
        text = spec["free_text"][index]
        answer = free_text.answers_of(question, search=text).first()
        if answer is None:
            continue
        theme = answer.themes.first()
        quote = free_text.pick_quote(by=official, answer=answer, theme=theme)
        quote = free_text.confirm_quote(by=official, quote=quote, confirmed=True)
        if theme is not None:
            found[theme.name][1].append(quote)
    return found


def publish_report(official, process, survey, themes, spec):
    """The dialogue report to kommunstyrelsen: what was asked, each theme with its quotes, and
    what happens now."""
    report = dialogue.report_for(process)
    report.title = spec["report"]["title"]
    report.save(update_fields=["title"])
    add = functools.partial(dialogue.add_block, by=official, report=report)
    add(data=dialogue.BlockData(BlockKind.TEXT, body=spec["report"]["intro"]))
    add(data=dialogue.BlockData(BlockKind.FIGURES, survey_id=survey.pk))
    for question in survey.questions.filter(kind__in=(QuestionKind.MATRIX, QuestionKind.SCALE)):
        add(data=dialogue.BlockData(BlockKind.QUESTION, question_id=question.pk))
    for theme, quotes in themes.values():
        if not quotes:
            continue
        add(
            data=dialogue.BlockData(
                BlockKind.THEME,
                body=spec["report"]["themes"].get(theme.name, ""),
                theme_id=theme.pk,
                quote_ids=tuple(q.pk for q in quotes),
            )
        )
    add(data=dialogue.BlockData(BlockKind.NEXT_STEPS, body=spec["report"]["next_steps"]))
    return dialogue.publish_version(by=official, report=report)


def load_vansbro(demo):
    """Utmaningen: open now to everyone, with interview answers typed in by an official."""
    spec = content.VANSBRO
    official = demo.official
    process = processes.create_round(
        by=official,
        data={
            "name": spec["name"],
            "kind": "dialogue",
            "audience": "citizen",
            "summary": spec["summary"],
            "rules_text": spec["rules_text"],
            "total_budget": None,
            "eligibility": "anyone",
            "decision_body": spec["decision_body"],
            "decision_subject": spec["decision_subject"],
            "decision_when": spec["decision_when"],
        },
    )
    move_to(process, "consult")
    process = processes.publish_round(by=official, budget_round=process)
    survey_spec = spec["survey"]
    survey, questions = build_survey(
        official, process, survey_spec, access="anyone", results_public=True
    )
    answers = Answers(demo.rng, spec["free_text"])
    anyone = AnonymousUser()
    for _i in range(survey_spec["responses"]):
        answering.submit(by=anyone, survey=survey, answers=answers.for_questions(questions, 0.4))
    for _i in range(survey_spec["interviews"]):
        answering.enter_paper_answers(
            by=official,
            survey=survey,
            answers=answers.for_questions(questions, 0.5, text_share=0.5),
            channel="interview",
        )
    return process, survey


def load_sater_evaluation(demo, sater):
    """An evaluation survey on the Säter round, opening when its result phase starts."""
    result = sater.phase_of_kind("result")
    opens = result.starts_at
    return build_survey(
        demo.official,
        sater,
        content.SATER_EVALUATION,
        purpose="evaluation",
        access="process",
        opens_at=opens,
        closes_at=opens + timedelta(days=21),
    )

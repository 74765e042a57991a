"""Factories and helpers for the roll: settings, census entries, invitations with codes."""

import io
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from delaktig.core.codes import VOTING_CODE
from delaktig.core.personnummer import keyed_hash
from delaktig.eligibility.models import CensusEntry, Invitation, RoundEligibility
from delaktig.processes.tests.factories import BudgetRoundFactory

# Valid test numbers (Skatteverket's and commonly published ones).
SKATTEVERKET = "19121212-1212"
ANNA = "811228-9874"
COORDINATION = "701063-2391"


class RoundEligibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundEligibility

    budget_round = factory.SubFactory(BudgetRoundFactory)


class CensusEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CensusEntry

    budget_round = factory.SubFactory(BudgetRoundFactory)
    personnummer_hash = factory.LazyFunction(lambda: keyed_hash(ANNA))
    birth_date = date(1981, 12, 28)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    budget_round = factory.SubFactory(BudgetRoundFactory)
    name = factory.Sequence(lambda n: f"Elev {n}")


def invitation_with_code(**kwargs) -> tuple[Invitation, str]:
    """An invitation with an issued code, and the code in clear."""
    code = VOTING_CODE.generate()
    return InvitationFactory(code_hash=VOTING_CODE.keyed_hash(code), **kwargs), code


def csv_file(text: str, name: str = "lista.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "lista.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def pnr(first_nine: str) -> str:
    """A valid 10-digit number YYMMDD-NNNC from its first nine digits (the check digit added)."""
    from delaktig.core.personnummer import luhn_ok

    check = next(d for d in "0123456789" if luhn_ok(first_nine + d))
    return f"{first_nine[:6]}-{first_nine[6:]}{check}"


def ballot_box(budget_round, area=None):
    """A ballot box row. The voting app is above this one in the layers, so its model is
    reached by name; the tests go through its pages (`voting:box`), not its code."""
    from django.apps import apps

    box = apps.get_model("voting", "BallotBox").objects.create(
        budget_round=budget_round, area=area, kind="approval", min_choices=1
    )
    # Something to vote on: no one may vote on an empty ballot (issue 11, item 6).
    proposal = apps.get_model("proposals", "Proposal").objects.create(
        budget_round=budget_round,
        area=area,
        title="Bänkar vid sjön",
        description="Fler bänkar längs stigen runt sjön.",
        estimated_cost=10_000,
    )
    box.proposals.add(proposal)
    return box


def colleague():
    """A second case officer, for changes to the roll that need one (issue 9)."""
    from delaktig.accounts.tests.factories import UserFactory

    return UserFactory(is_official=True)


def approved_import(job):
    """A second case officer approves a checked roll file; the task queue then imports it."""
    from delaktig.eligibility.services import roll_files

    roll_files.approve_roll_file(by=colleague(), job=job)
    return roll_files.read_roll_job(job.pk)

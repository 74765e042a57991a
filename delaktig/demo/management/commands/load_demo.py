"""Loads the demo: three rounds and two dialogues built through the services the platform uses.

Time is simulated with processes.timeline.move_to: each round is walked through its phases
(proposals, assessment, voting, result) and left in the phase the demo shows.
"""

import functools
import logging
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from delaktig.accounts.models import District, Unit, User
from delaktig.accounts.second_factor import set_up_totp
from delaktig.assessments import services as assessments
from delaktig.demo import content, council, dialogues, forums, meetings, register, site_pages
from delaktig.demo import followup as demo_followup
from delaktig.demo import goals as demo_goals
from delaktig.eligibility.services import code_use, invitation_list, issuing, round_settings
from delaktig.processes import services as processes
from delaktig.processes.timeline import move_to
from delaktig.proposals import services as proposals
from delaktig.results import services as results
from delaktig.voting.services import casting
from delaktig.voting.services import design as ballot_design

PASSWORD = "demo-delaktig"  # noqa: S105 - development demo only, printed on purpose
ACCOUNTS = [
    ("deltagare@demo.delaktig.se", "Sara Lind", {}),
    ("handlaggare@demo.delaktig.se", "Karin Holm", {"is_official": True}),
    ("moderator@demo.delaktig.se", "Johan Ek", {"is_moderator": True}),
    ("handlaggare2@demo.delaktig.se", "Per Berg", {"is_official": True}),
    ("fortroendevald@demo.delaktig.se", "Lena Strand", {"is_elected_member": True}),
    ("admin@demo.delaktig.se", "Admin Istratör", {"is_superuser": True, "is_staff": True}),
]
# Administrators must use an authenticator app (accounts/second_factor.py). The demo's has this
# published secret: add it to an app, or run `manage.py demo_totp` for the current code.
DEMO_TOTP_SECRET = "DELAKTIGDEMOTOTPDELAKTIGDEMOTOTP"  # noqa: S105 - development demo only


@functools.cache
def password_hash() -> str:
    """Hash the demo password once: hashing it for each of 300 people takes over a minute."""
    return make_password(PASSWORD)


def make_user(email, name, **extra):
    from allauth.account.models import EmailAddress

    user = User.objects.create(email=email, password=password_hash(), full_name=name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


class Command(BaseCommand):
    help = "Load the demo data (development only). Does nothing if it is already loaded."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            # The demo's accounts have published passwords and a published authenticator
            # secret: loading them in production would hand out an administrator (issue 9).
            raise CommandError("Demo data cannot be loaded with the production settings.")
        if User.objects.filter(email=ACCOUNTS[0][0]).exists():
            self.set_up_admin_totp()  # demo data loaded before administrators needed it
            self.print_accounts("The demo data is already loaded (`make clean` starts afresh).")
            return
        self.rng = random.Random(2021)
        quiet_mail = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        )
        logging.getLogger("django_tasks").setLevel(logging.WARNING)
        with quiet_mail, transaction.atomic():
            self.load()
            self.set_up_admin_totp()
        self.print_accounts("Demo data loaded.")

    def set_up_admin_totp(self):
        admin = User.objects.filter(email=ACCOUNTS[-1][0]).first()
        if admin is not None:
            set_up_totp(admin, DEMO_TOTP_SECRET)

    def print_accounts(self, headline):
        self.stdout.write(self.style.SUCCESS(headline))
        self.stdout.write("Demo accounts (development only), password for all: " + PASSWORD)
        for email, name, _extra in ACCOUNTS:
            self.stdout.write(f"  {email:32} {name}")
        self.stdout.write(
            f"The administrator also types a code from an authenticator app with the secret "
            f"{DEMO_TOTP_SECRET}, or the one `.venv/bin/python manage.py demo_totp` prints."
        )
        if getattr(self, "pupil_code", None):
            self.stdout.write(
                f"A pupil's voting code for the Torsby round (shown once): {self.pupil_code}"
            )
        self.stdout.write("Open http://127.0.0.1:8000/")

    # -- people ---------------------------------------------------------------------------------

    def load(self):
        self.unit = Unit.objects.get_or_create(name="Samhällsbyggnadssektorn")[0]
        self.districts = [District.objects.get_or_create(name=n)[0] for n in content.NASSJO_AREAS]
        users = [make_user(e, n, **x) for e, n, x in ACCOUNTS]
        (
            self.participant,
            self.official,
            self.moderator,
            self.colleague,
            self.elected,
            self.admin,
        ) = users
        self.participant.units.add(self.unit)
        self.participant.district = self.districts[0]
        self.participant.save(update_fields=["district"])
        self.employees = [self.person(f"medarbetare{i}") for i in range(39)]
        self.unit.members.add(*self.employees)
        self.residents = {d.pk: [] for d in self.districts}
        for i in range(240):
            district = self.districts[i % len(self.districts)]
            resident = self.person(f"invanare{i}", district=district)
            self.residents[district.pk].append(resident)
        self.load_sater()
        self.load_nassjo()
        demo_followup.load_nassjo_followup(self, self.nassjo)
        self.sater_2020 = demo_followup.load_sater_2020(self)
        self.load_torsby()
        self.skara = dialogues.load_skara(self)
        self.vansbro = dialogues.load_vansbro(self)
        forums.load_vansbro_forum(self, self.vansbro[0])
        meetings.load_meetings(self, self.vansbro[0])
        register.load_register(self, dialogue=self.vansbro[0])
        site_pages.load_pages(self)
        dialogues.load_sater_evaluation(self, self.sater)
        demo_goals.load_goals(self)
        # Last of all: the projects of the goals' proposals, whichever demo made them.
        demo_goals.link_projects(self)
        # Last: the report reads the decision, projects and goals loaded before it.
        council.load_council(self, self.nassjo)

    def person(self, prefix, **extra):
        name = f"{self.rng.choice(content.FIRST_NAMES)} {self.rng.choice(content.LAST_NAMES)}"
        return make_user(f"{prefix}@demo.delaktig.se", name, **extra)

    # -- rounds ---------------------------------------------------------------------------------

    def new_round(self, spec, *, audience, eligibility, budget, unit=None):
        budget_round = processes.create_round(
            by=self.official,
            data={
                "name": spec["name"],
                "audience": audience,
                "summary": spec["summary"],
                "rules_text": spec["rules_text"],
                "total_budget": budget,
                "eligibility": eligibility,
                "unit": unit,
            },
        )
        move_to(budget_round, "propose")
        return processes.publish_round(by=self.official, budget_round=budget_round)

    def propose(self, budget_round, author, title, description, cost, area=None, category=None):
        data = proposals.ProposalData(
            title=title, description=description, estimated_cost=cost, area=area, category=category
        )
        return proposals.submit_proposal(by=author, budget_round=budget_round, data=data)

    def assess_all(self, budget_round, not_feasible=None):
        move_to(budget_round, "assess")
        not_feasible = not_feasible or {}
        for proposal in budget_round.proposals.all():
            reason = not_feasible.get(proposal.title)
            assessments.assess_proposal(
                by=self.official,
                proposal=proposal,
                verdict="not_feasible" if reason else "feasible",
                reason=reason
                or "Förslaget går att genomföra inom budgeten. Kostnaden är kontrollerad "
                "med leverantör.",
                official_cost=None if reason else proposal.estimated_cost,
            )
        assessments.publish_assessments(by=self.official, budget_round=budget_round)

    def design_ballots(self, budget_round, design):
        boxes = ballot_design.create_boxes_for_round(by=self.official, budget_round=budget_round)
        for box in boxes:
            ballot_design.configure_ballot_box(by=self.official, box=box, data=design)
            ballot_design.fill_ballot(by=self.official, box=box)
        return list(budget_round.ballot_boxes.select_related("area").order_by("pk"))

    def load_sater(self):
        spec = content.SATER
        budget_round = self.new_round(
            spec, audience="staff", eligibility="unit", budget=spec["budget"], unit=self.unit
        )
        for i, (title, description, cost) in enumerate(spec["proposals"]):
            self.propose(budget_round, self.employees[i], title, description, cost)
        self.assess_all(budget_round, spec["not_feasible"])
        (box,) = self.design_ballots(
            budget_round,
            {
                "kind": "knapsack",
                "min_choices": 2,
                "max_cost_per_proposal": 30_000,
                "spending_cap": 50_000,
                "counting_rule": "greedy",
            },
        )
        move_to(budget_round, "vote")
        self.sater = budget_round
        on_ballot = list(box.proposals.order_by("pk"))
        for voter in self.employees[:18]:
            self.cast_within(box, voter, on_ballot, cap=50_000, least=2)

    def cast_within(self, box, voter, on_ballot, *, cap, least):
        for _attempt in range(20):
            chosen = self.rng.sample(on_ballot, self.rng.randint(least, min(4, len(on_ballot))))
            if sum(p.estimated_cost for p in chosen) <= cap:
                casting.cast_ballot(by=voter, box=box, choices=[p.pk for p in chosen])
                return

    def load_nassjo(self):
        spec = content.NASSJO
        budget = spec["area_budget"] * len(self.districts)
        budget_round = self.new_round(
            spec, audience="citizen", eligibility="residents", budget=budget
        )
        move_to(budget_round, None)
        processes.save_areas(
            by=self.official,
            budget_round=budget_round,
            areas=[
                processes.AreaData(name=d.name, budget=spec["area_budget"], district_id=d.pk)
                for d in self.districts
            ],
        )
        move_to(budget_round, "propose")
        for area in budget_round.areas.all():
            people = self.residents[area.district_id]
            templates = self.rng.sample(spec["templates"], 4)
            for i, (title, description, cost) in enumerate(templates):
                self.propose(
                    budget_round, people[i], title.format(place=area.name), description, cost, area
                )
        self.assess_all(budget_round)
        boxes = self.design_ballots(
            budget_round,
            {
                "kind": "approval",
                "min_choices": 1,
                "max_choices": 3,
                "counting_rule": "mes",
                "completion": "add1",
            },
        )
        move_to(budget_round, "vote")
        for box in boxes:
            on_ballot = list(box.proposals.order_by("pk"))
            weights = [self.rng.randint(1, 6) for _ in on_ballot]
            for voter in self.residents[box.area.district_id][4:]:
                k = self.rng.randint(1, 3)
                chosen = {p.pk for p in self.rng.choices(on_ballot, weights=weights, k=k)}
                casting.cast_ballot(by=voter, box=box, choices=sorted(chosen))
        move_to(budget_round, "result")
        for box in boxes:
            results.run_tally(by=self.official, box=box)
        results.publish_result(by=self.official, budget_round=budget_round)
        self.nassjo = budget_round

    def load_torsby(self):
        """A youth round (Torsby's children designed their park): pupils aged 10–19 on the
        school's invitation list take part with printed voting codes, propose too, and a
        moderator publishes each proposal first (the third still waits, in the queue)."""
        spec = content.TORSBY
        budget_round = self.new_round(
            spec, audience="citizen", eligibility="signed_in", budget=spec["budget"]
        )
        processes.assign_officials(
            by=self.admin, budget_round=budget_round, officials=[self.official, self.colleague]
        )
        processes.save_categories(
            by=self.official, budget_round=budget_round, names=spec["categories"]
        )
        round_settings.save_settings(
            by=self.official,
            budget_round=budget_round,
            data=round_settings.SettingsData(
                use_invitations=True, min_age=10, max_age=19, codes_may_propose=True
            ),
        )
        rows = "\n".join(f"{name};{born}" for name, born in spec["pupils"])
        invitation_list.import_invitations(
            by=self.official,
            budget_round=budget_round,
            uploaded=SimpleUploadedFile(
                "elever.csv", f"namn;födelsedatum\n{rows}\n".encode(), content_type="text/csv"
            ),
            approved_by=self.colleague,  # the roll takes two case officers (issue 9)
        )
        issued = issuing.issue_codes(
            by=self.official,
            budget_round=budget_round,
            invitations=list(budget_round.invitations.order_by("pk")),
        )
        categories = {c.name: c for c in budget_round.categories.all()}
        for i, (title, description, cost, category) in enumerate(spec["proposals"]):
            pupil = code_use.redeem_code(code=issued[i].code).voter
            proposal = self.propose(
                budget_round, pupil, title, description, cost, category=categories[category]
            )
            if i < len(spec["proposals"]) - 1:
                proposals.publish_pending(by=self.moderator, proposal=proposal)
        self.pupil_code = issued[-1].code  # one unused code, printed for trying it out

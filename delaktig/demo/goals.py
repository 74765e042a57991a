"""The demo's effect goals (issue 13, Söderhamn's model), built through the goals app's services:
two goals for the Nässjö round, each with two indicators and three years of values (typed in
for one goal, imported from a CSV file for the other, as officials do), linked to the round and
to the proposals that serve them, and published.

`load_goals(command)` runs after the Nässjö round is counted; `link_projects(command)` runs last
of all, so that the projects the follow-up demo makes of funded proposals are linked whichever
of the two demos runs first.
"""

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from delaktig.goals import imports
from delaktig.goals import services as goals
from delaktig.goals.models import Direction, Goal
from delaktig.processes.models import BudgetRound
from delaktig.proposals.models import Proposal
from delaktig.results.queries import funded_proposals

from . import content

GOALS = [
    {
        "title": "Fler ska känna sig trygga där de bor",
        "effect": (
            "Alla som bor i Nässjö kommun ska kunna röra sig ute i sitt område, också när det "
            "är mörkt, utan att känna sig otrygga.\n\n"
            "Kommunfullmäktige vill att trygghetsarbetet syns i de offentliga miljöerna: "
            "belysning, platser där människor möts och snabb hjälp när något har förstörts. "
            "Medborgarbudgeten är ett av sätten att låta invånarna peka ut var det behövs."
        ),
        "decided_by": "Kommunfullmäktige 2022-06-20, § 87",
        "proposal_words": ["Belysning"],
        "indicators": [
            {
                "name": "Andel som känner sig trygga utomhus på kvällen i sitt område",
                "unit": "%",
                "baseline": Decimal("58"),
                "baseline_on": date(2022, 3, 31),
                "target": Decimal("70"),
                "target_on": date(2027, 12, 31),
                "direction": Direction.UP,
                "source": "SCB:s medborgarundersökning",
                "values": [
                    (date(2023, 3, 31), "59", "Svarsfrekvens 41 %"),
                    (date(2024, 3, 31), "61,5", ""),
                    (date(2025, 3, 31), "63", "Efter ny belysning i fyra områden"),
                ],
            },
            {
                "name": "Anmälda skadegörelsebrott per 1 000 invånare",
                "unit": "per 1 000 inv.",
                "baseline": Decimal("11.8"),
                "baseline_on": date(2022, 12, 31),
                "target": Decimal("9"),
                "target_on": date(2027, 12, 31),
                "direction": Direction.DOWN,
                "source": "Brottsförebyggande rådet (BRÅ)",
                "values": [
                    (date(2023, 12, 31), "11,2", ""),
                    (date(2024, 12, 31), "10,6", ""),
                    (date(2025, 12, 31), "10,9", "Fler anmälningar i centrum under hösten"),
                ],
            },
        ],
    },
    {
        "title": "Fler mötesplatser och mer grönska nära hemmet",
        "effect": (
            "Barn, unga och äldre ska ha nära till platser där de kan leka, vila och träffas, "
            "och till natur som mår bra.\n\n"
            "Kommunstyrelsen följer hur nöjda invånarna är med parker och grönområden och hur "
            "mycket lekplatserna används."
        ),
        "decided_by": "Kommunstyrelsen 2023-02-14, § 21",
        "proposal_words": ["lekplats", "Bänkar", "Blomsterängar", "Hundrastgård"],
        "import": True,
        "indicators": [
            {
                "name": "Andel som är nöjda med parker och grönområden",
                "unit": "%",
                "baseline": Decimal("64"),
                "baseline_on": date(2022, 3, 31),
                "target": Decimal("75"),
                "target_on": date(2028, 12, 31),
                "direction": Direction.UP,
                "source": "SCB:s medborgarundersökning",
                "values": [
                    (date(2023, 3, 31), "65", ""),
                    (date(2024, 3, 31), "67", ""),
                    (date(2025, 3, 31), "70", "Nya bänkar och ängar i tre områden"),
                ],
            },
            {
                "name": "Besök på kommunens lekplatser en vanlig sommarvecka",
                "unit": "besök",
                "baseline": Decimal("2400"),
                "baseline_on": date(2022, 7, 15),
                "target": Decimal("3000"),
                "target_on": date(2028, 7, 31),
                "direction": Direction.UP,
                "source": "Kommunens besöksräkning (sensorer vid entréerna)",
                "values": [
                    (date(2023, 7, 14), "2 450", ""),
                    (date(2024, 7, 12), "2 700", ""),
                    (date(2025, 7, 18), "2 810", "Två lekplatser stängda en vecka för renovering"),
                ],
            },
        ],
    },
]


def load_goals(command) -> list[Goal]:
    """The two goals of the Nässjö round, published, with their values and proposals."""
    official = command.official
    nassjo = BudgetRound.objects.get(name=content.NASSJO["name"])
    made = []
    for spec in GOALS:
        goal = goals.create_goal(
            by=official,
            data={
                "title": spec["title"],
                "effect": spec["effect"],
                "unit": None,
                "decided_by": spec["decided_by"],
            },
        )
        rows = []
        for data in spec["indicators"]:
            fields = {k: v for k, v in data.items() if k != "values"}
            indicator = goals.add_indicator(by=official, goal=goal, data=fields)
            rows += [(indicator, *value) for value in data["values"]]
        if spec.get("import"):
            _import(official, goal, rows)
        else:
            for indicator, measured_on, value, comment in rows:
                goals.add_measurement(
                    by=official,
                    indicator=indicator,
                    measured_on=measured_on,
                    value=imports.parse_number(value),
                    comment=comment,
                )
        goals.link_rounds(by=official, goal=goal, rounds=[nassjo])
        # The funded proposals that serve the goal (they become projects), or, if the vote
        # funded none of them, those sent in.
        proposals = _serving(funded_proposals(nassjo), spec) or _serving(
            Proposal.objects.published().filter(budget_round=nassjo), spec
        )
        goals.link_among(
            by=official, goal=goal, field="proposals", shown=proposals, chosen=proposals
        )
        goals.publish_goal(by=official, goal=goal)
        made.append(goal)
    return made


def _serving(proposals, spec) -> list:
    words = [word.lower() for word in spec["proposal_words"]]
    return [p for p in proposals.order_by("pk") if any(w in p.title.lower() for w in words)]


def _import(official, goal, rows):
    """The values as an official imports them: a CSV file, checked, then stored."""
    lines = ["indikator;datum;värde;kommentar"] + [
        f"{indicator.name};{measured_on.isoformat()};{value};{comment}"
        for indicator, measured_on, value, comment in rows
    ]
    uploaded = SimpleUploadedFile("varden.csv", "\n".join(lines).encode(), "text/csv")
    checked = imports.check_file(goal, uploaded)
    goals.import_measurements(by=official, goal=goal, rows=checked.rows)


def link_projects(command) -> int:
    """Link every demo goal to the projects of its proposals, if the follow-up demo has made
    any (run last, so the order of the two demos does not matter)."""
    return sum(
        goals.link_projects_of_proposals(by=command.official, goal=goal)
        for goal in Goal.objects.filter(title__in=[spec["title"] for spec in GOALS])
    )

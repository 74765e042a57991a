"""Recompute ``data/pabutools_completions.tsv`` with pabutools (a test-only dependency).

    .venv/bin/python -m delaktig.counting.tests.make_completions_reference [--timeout 120]

For every Pabulib file, smallest first, runs pabutools 1.2.3 in a subprocess with a time limit:
MES with ``voter_budget_increment=1`` (``mes+add1``), that completed by
``greedy_utilitarian_welfare`` (``mes+add1+greedy_utilitarian_welfare``), and
``sequential_phragmen`` (ballots of any type read as approval of the listed projects). Runs that
exceed the limit are left out. Only outcomes are stored; no pabutools code is copied.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

from delaktig.counting.model import format_money

from .conftest import DATA, reference_rows

OUT = Path(__file__).parent / "data" / "pabutools_completions.tsv"
RULES = ("mes+add1", "mes+add1+greedy_utilitarian_welfare", "sequential_phragmen")

CHILD = r"""
import json, sys, time
from fractions import Fraction
from pabutools.election import (parse_pabulib, Cost_Sat, Additive_Cardinal_Sat,
    Additive_Borda_Sat, ApprovalProfile, ApprovalBallot)
from pabutools.rules import (method_of_equal_shares, greedy_utilitarian_welfare,
    sequential_phragmen, completion_by_rule_combination)
path, rule = sys.argv[1], sys.argv[2]
inst, prof = parse_pabulib(path)
vt = inst.meta["vote_type"]
sat = {"approval": Cost_Sat, "choose-1": Cost_Sat, "cumulative": Additive_Cardinal_Sat,
       "ordinal": Additive_Borda_Sat}[vt]
t = time.perf_counter()
if rule == "mes+add1":
    out = method_of_equal_shares(inst, prof, sat_class=sat, voter_budget_increment=1)
elif rule == "mes+add1+greedy_utilitarian_welfare":
    out = completion_by_rule_combination(inst, prof,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": sat, "voter_budget_increment": 1}, {"sat_class": sat}])
else:
    if vt not in ("approval", "choose-1"):
        prof = ApprovalProfile([ApprovalBallot(list(b)) for b in prof])
    out = sequential_phragmen(inst, prof)
seconds = time.perf_counter() - t
cost = sum((Fraction(str(p.cost)) for p in out), Fraction(0))
print(json.dumps({"selected": sorted(p.name for p in out), "seconds": seconds,
                  "cost": str(cost), "budget": str(Fraction(str(inst.budget_limit)))}))
"""


def fmt(value: str) -> str:
    return format_money(Fraction(value))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    files = [r for r in reference_rows() if r["rule"] == "parse_pabulib"]
    files.sort(key=lambda r: int(r["n_voters"]) * int(r["n_projects"]))
    rows = []
    for rule in RULES:
        for f in files:
            try:
                done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
                    [sys.executable, "-c", CHILD, str(DATA / f["file"]), rule],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=True,
                )
            except subprocess.TimeoutExpired:
                print(f"timeout: {rule} {f['file']}", file=sys.stderr)
                continue
            res = json.loads(done.stdout)
            rows.append(
                {
                    "file": f["file"],
                    "vote_type": f["vote_type"],
                    "n_projects": f["n_projects"],
                    "n_voters": f["n_voters"],
                    "rule": rule,
                    "seconds": f"{res['seconds']:.4f}",
                    "selected_project_ids": ",".join(res["selected"]),
                    "selected_cost": fmt(res["cost"]),
                    "budget": fmt(res["budget"]),
                }
            )
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()

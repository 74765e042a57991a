"""Benchmark delaktig.counting against pabutools on the largest Pabulib files.

    .venv/bin/python bench/counting.py                      # default files, all rules
    .venv/bin/python bench/counting.py --no-pabutools       # ours only (fast)
    .venv/bin/python bench/counting.py --files Poland_Wroclaw_2015_150_-_500.pb --rules mes

Every measurement runs in a fresh subprocess, so peak memory (``ru_maxrss``) is that run's own.
Times are parse + count (best of ``--repeat`` for ours, one run for pabutools); ``count`` is
the rule alone. pabutools runs under a time limit (``--timeout``); its completion rules (add1)
are slow, so by default they only run on files with at most ``--completion-max-voters`` voters.
Winners are compared as sets. Rules compared:

* ``greedy``: ours with ``greedy_score="per-cost"`` vs ``greedy_utilitarian_welfare`` (for
  approval ballots the same as greedy by total support);
* ``mes``, ``mes+add1``, ``mes+add1u`` (add1 then greedy) vs ``method_of_equal_shares``
  (``voter_budget_increment=1``, ``completion_by_rule_combination``);
* ``phragmen`` vs ``sequential_phragmen`` (ballots as approval of the listed projects).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("PABULIB_DIR", ROOT.parent / "shared" / "pabulib"))
RULES = ("greedy", "mes", "mes+add1", "mes+add1u", "phragmen")
DEFAULT_FILES = (
    "Poland_Wroclaw_2015_150_-_500.pb",
    "Poland_Wroclaw_2020.pb",
    "Poland_Wroclaw_2017.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Lodz_2025.pb",
    "Poland_Krakow_2021.pb",
    "Poland_Katowice_2020.pb",
    "Poland_Warszawa_2020_Praga-Poludnie.pb",
    "Netherlands_Amsterdam_309.pb",
    "Poland_Czestochowa_2020.pb",
    "Poland_Krakow_2019_Biezanow-Prokocim.pb",
    "Poland_Warszawa_2017_rejon_C.pb",
)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- children -------------------------------------------------------------------------------------


def child_ours(path: str, rule: str, repeat: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from delaktig.counting import Options, count, pabulib

    def run():
        t0 = time.perf_counter()
        inst, prof = pabulib.load(path)
        t1 = time.perf_counter()
        if rule == "greedy":
            out = count(inst, prof, "greedy", Options(greedy_score="per-cost"))
        elif rule == "phragmen":
            out = count(inst, prof, "phragmen")
        else:
            completion = {"mes": "none", "mes+add1": "add1", "mes+add1u": "add1-utilitarian"}[rule]
            out = count(inst, prof, "mes", Options(completion=completion, greedy_score="per-cost"))
        t2 = time.perf_counter()
        return out, t1 - t0, t2 - t1

    best = None
    for _ in range(repeat):
        out, parse, rule_s = run()
        if best is None or parse + rule_s < best[0] + best[1]:
            best = (parse, rule_s)
    rss = peak_rss_mb()
    tracemalloc.start()
    run()
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "selected": sorted(out.selected),
        "parse": best[0],
        "count": best[1],
        "rss_mb": rss,
        "traced_mb": traced / 2**20,
        "voters": out.details.get("voters"),
    }


def child_pabutools(path: str, rule: str) -> dict:
    from pabutools.election import (
        Additive_Borda_Sat,
        Additive_Cardinal_Sat,
        ApprovalBallot,
        ApprovalProfile,
        Cost_Sat,
        parse_pabulib,
    )
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    t0 = time.perf_counter()
    inst, prof = parse_pabulib(path)
    t1 = time.perf_counter()
    vote_type = inst.meta["vote_type"]
    sat = {
        "approval": Cost_Sat,
        "choose-1": Cost_Sat,
        "cumulative": Additive_Cardinal_Sat,
        "ordinal": Additive_Borda_Sat,
    }[vote_type]
    if rule == "greedy":
        # Borda satisfaction is additive too; without the hint pabutools takes its slow path
        out = greedy_utilitarian_welfare(inst, prof, sat_class=sat, is_sat_additive=True)
    elif rule == "mes":
        out = method_of_equal_shares(inst, prof, sat_class=sat)
    elif rule == "mes+add1":
        out = method_of_equal_shares(inst, prof, sat_class=sat, voter_budget_increment=1)
    elif rule == "mes+add1u":
        out = completion_by_rule_combination(
            inst,
            prof,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [
                {"sat_class": sat, "voter_budget_increment": 1},
                {"sat_class": sat, "is_sat_additive": True},
            ],
        )
    else:
        if vote_type not in ("approval", "choose-1"):
            prof = ApprovalProfile([ApprovalBallot(list(b)) for b in prof])
        out = sequential_phragmen(inst, prof)
    t2 = time.perf_counter()
    return {
        "selected": sorted(p.name for p in out),
        "parse": t1 - t0,
        "count": t2 - t1,
        "rss_mb": peak_rss_mb(),
    }


def spawn(args: list[str], timeout: float | None) -> dict | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout)


# -- the table --------------------------------------------------------------------------------


def voters_in(path: Path) -> int:
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            if line.startswith("num_votes;"):
                return int(line.split(";")[1])
    return 0


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="*", default=list(DEFAULT_FILES))
    parser.add_argument("--rules", nargs="*", default=list(RULES), choices=RULES)
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours; the best counts")
    parser.add_argument("--no-pabutools", action="store_true", help="time ours only")
    parser.add_argument("--timeout", type=float, default=400, help="seconds per pabutools run")
    parser.add_argument(
        "--completion-max-voters",
        type=int,
        default=5000,
        help="run pabutools add1 rules only on files with at most this many voters",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        who, path, rule, *rest = args.child
        if who == "ours":
            print(json.dumps(child_ours(path, rule, int(rest[0]))))
        else:
            print(json.dumps(child_pabutools(path, rule)))
        return 0

    header = (
        f"{'file':<40} {'voters':>7} {'rule':<10} {'ours':>10} {'(count)':>10} "
        f"{'pabutools':>10} {'(count)':>10} {'ratio':>8} {'(count)':>8} {'same':>5} "
        f"{'ours MB':>8} {'(rss)':>7} {'pabu MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for name in args.files:
        path = DATA / name
        voters = voters_in(path)
        for rule in args.rules:
            ours = spawn(["ours", str(path), rule, str(args.repeat)], None)
            theirs = None
            slow_rule = rule.startswith("mes+")
            if not args.no_pabutools and not (slow_rule and voters > args.completion_max_voters):
                theirs = spawn(["pabutools", str(path), rule], args.timeout)
            o_total = ours["parse"] + ours["count"]
            cells = [fmt_s(o_total), fmt_s(ours["count"])]
            if theirs and "selected" in theirs:
                t_total = theirs["parse"] + theirs["count"]
                cells += [
                    fmt_s(t_total),
                    fmt_s(theirs["count"]),
                    f"{t_total / o_total:.0f}x",
                    f"{theirs['count'] / max(ours['count'], 1e-9):.0f}x",
                    "yes" if theirs["selected"] == ours["selected"] else "NO",
                ]
                pabu_mb = f"{theirs['rss_mb']:.0f}"
            else:
                why = (
                    "skipped" if theirs is None else ("timeout" if "timeout" in theirs else "error")
                )
                cells += [why, "-", "-", "-", "-"]
                pabu_mb = "-"
            print(
                f"{name[:40]:<40} {voters:>7} {rule:<10} {cells[0]:>10} {cells[1]:>10} "
                f"{cells[2]:>10} {cells[3]:>10} {cells[4]:>8} {cells[5]:>8} {cells[6]:>5} "
                f"{ours['traced_mb']:>8.0f} {ours['rss_mb']:>7.0f} {pabu_mb:>8}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

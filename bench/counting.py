"""Benchmark delaktig.counting against pabutools 1.2.3 on the largest Pabulib files.

    .venv/bin/python bench/counting.py                      # whole process, CLI vs pabutools
    .venv/bin/python bench/counting.py --no-pabutools       # ours only (fast)
    .venv/bin/python bench/counting.py --mode rules         # parse + count per rule, in process
    .venv/bin/python bench/counting.py --files Poland_Wroclaw_2017.pb --rule greedy

``--mode whole`` (the default) runs the whole command, as someone recounting a file would: our
``python -m delaktig.counting FILE --rule R --json`` against a pabutools script that does the same
(start Python, import, ``parse_pabulib``, the rule, print the winners as JSON), each in a fresh
process. It prints ours apart - start-up (``python -c pass``), imports, parsing, counting and the
JSON output, measured inside a process that runs the CLI's own code - and the whole-process time
of both, and their ratio. Times are CPU seconds (user + system) of the process, because the
machine is shared and wall-clock time varies with its load; wall-clock is printed too. Ours is the
best of ``--repeat`` runs; pabutools runs once, under ``--timeout``. Our package's bytecode is
compiled first (``compileall``), as an installed package has it; pabutools' is compiled by pip.

pabutools 1.2.3 is a dev extra of the project (``make setup`` installs it), never a dependency of
the app. If this interpreter cannot import it, the bench installs it into its own environment,
``bench/out/pabutools-venv`` (``pip install pabutools==1.2.3``), and runs it from there.

``--mode rules`` is the older table: parse + count in one process, per rule, peak memory:

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
PABUTOOLS = "pabutools==1.2.3"
PABUTOOLS_VENV = ROOT / "bench" / "out" / "pabutools-venv"
# --mode whole: the files with 30 000 voters or more
WHOLE_FILES = (
    "Poland_Wroclaw_2015_150_-_500.pb",
    "Poland_Wroclaw_2020.pb",
    "Poland_Wroclaw_2017.pb",
    "Poland_Warszawa_2026.pb",
    "Poland_Lodz_2025.pb",
    "Poland_Krakow_2021.pb",
    "Poland_Katowice_2020.pb",
    "Poland_Krakow_2018.pb",
    "Poland_Czestochowa_2025.pb",
    "Poland_Gdansk_2020.pb",
)
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


def spawn(args: list[str], timeout: float | None, python: str = sys.executable) -> dict | None:
    cmd = [python, str(Path(__file__).resolve()), "--child", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout)


# -- whole process ------------------------------------------------------------------------------

# Our CLI's own code, timed phase by phase in a fresh process (CPU and wall seconds).
PHASES_SCRIPT = r"""
import sys, time
c0, w0 = time.process_time(), time.perf_counter()
import delaktig.counting.__main__ as cli
c1, w1 = time.process_time(), time.perf_counter()
election = cli.pabulib.load(sys.argv[1])
c2, w2 = time.process_time(), time.perf_counter()
rule, score = sys.argv[2], sys.argv[3]
outcome = cli.count(election.instance, election.profile, rule, cli.Options(greedy_score=score))
c3, w3 = time.process_time(), time.perf_counter()
data = outcome.to_dict()
data.pop("rounds")
text = cli.json.dumps(data, ensure_ascii=False)
c4, w4 = time.process_time(), time.perf_counter()
print(cli.json.dumps({"import": [c1 - c0, w1 - w0], "parse": [c2 - c1, w2 - w1],
                      "count": [c3 - c2, w3 - w2], "json": [c4 - c3, w4 - w3]}))
"""

# pabutools doing what our CLI does: start, import, parse, count, print the winners as JSON.
PABUTOOLS_SCRIPT = r"""
import json, sys
from pabutools.election import (Additive_Borda_Sat, Additive_Cardinal_Sat, ApprovalBallot,
                                ApprovalProfile, Cost_Sat, parse_pabulib)
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen
instance, profile = parse_pabulib(sys.argv[1])
vote_type = instance.meta["vote_type"]
sat = {"approval": Cost_Sat, "choose-1": Cost_Sat, "cumulative": Additive_Cardinal_Sat,
       "ordinal": Additive_Borda_Sat}[vote_type]
rule = sys.argv[2]
if rule == "mes":
    outcome = method_of_equal_shares(instance, profile, sat_class=sat)
elif rule == "greedy":
    outcome = greedy_utilitarian_welfare(instance, profile, sat_class=sat, is_sat_additive=True)
else:
    if vote_type not in ("approval", "choose-1"):
        profile = ApprovalProfile([ApprovalBallot(list(b)) for b in profile])
    outcome = sequential_phragmen(instance, profile)
print(json.dumps({"selected": sorted(p.name for p in outcome)}))
"""


def pabutools_python() -> str | None:
    """An interpreter that imports pabutools 1.2.3: this one, or the bench's own environment
    (made on first use with pip, never the app's dependency). None if it cannot be had."""
    probe = "from importlib.metadata import version; print(version('pabutools'))"
    wanted = PABUTOOLS.split("==")[1]
    venv_python = PABUTOOLS_VENV / "bin" / "python"
    for python in (sys.executable, str(venv_python)):
        if not Path(python).exists():
            continue
        done = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout.strip() == wanted:
            return python
    print(f"installing {PABUTOOLS} into {PABUTOOLS_VENV} ...", file=sys.stderr, flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PABUTOOLS_VENV)], check=True)
        subprocess.run([str(venv_python), "-m", "pip", "install", "--quiet", PABUTOOLS], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"cannot install {PABUTOOLS}: {exc}", file=sys.stderr)
        return None
    return str(venv_python)


def timed(cmd: list[str], timeout: float | None = None) -> tuple[float, float, str] | None:
    """Run ``cmd``; (CPU seconds of the process, wall seconds, its output), None on a timeout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.stdout


def best(runs: list[tuple[float, float, str]]) -> tuple[float, float, str]:
    return min(runs, key=lambda r: r[0])


def whole_process(args) -> int:
    """The whole command, ours against pabutools', and our phases apart."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "delaktig" / "counting")], check=True
    )
    pabu = None if args.no_pabutools else pabutools_python()
    score = "per-cost" if args.rule == "greedy" else "support"  # as pabutools' greedy
    startup = best([timed([sys.executable, "-c", "pass"]) for _ in range(args.repeat)])
    print(
        f"rule {args.rule}; CPU seconds (wall in brackets); ours best of {args.repeat}; "
        f"start-up (python -c pass) {fmt_s(startup[0])} ({fmt_s(startup[1])})"
    )
    header = (
        f"{'file':<34} {'voters':>7} {'import':>8} {'parse':>8} {'count':>8} {'json':>8} "
        f"{'ours':>17} {'pabutools':>17} {'ratio':>5} {'(wall)':>6} {'same':>4}"
    )
    print(header)
    print("-" * len(header))
    for name in args.files or WHOLE_FILES:
        path = str(DATA / name)
        cli = [sys.executable, "-m", "delaktig.counting", path, "--rule", args.rule, "--json"]
        if args.rule == "greedy":
            cli += ["--greedy-score", score]
        ours = best([timed(cli) for _ in range(args.repeat)])
        phase_runs = [
            json.loads(timed([sys.executable, "-c", PHASES_SCRIPT, path, args.rule, score])[2])
            for _ in range(args.repeat)
        ]
        phases = {k: min(r[k][0] for r in phase_runs) for k in phase_runs[0]}
        theirs = (
            timed([pabu, "-c", PABUTOOLS_SCRIPT, path, args.rule], args.timeout) if pabu else None
        )
        cells = [fmt_s(phases[k]) for k in ("import", "parse", "count", "json")]
        ours_cell = f"{fmt_s(ours[0])} ({fmt_s(ours[1])})"
        if theirs is None:
            tail = f"{'timeout' if pabu else 'skipped':>17} {'-':>5} {'-':>6} {'-':>4}"
        else:
            same = json.loads(theirs[2])["selected"] == sorted(json.loads(ours[2])["selected"])
            tail = (
                f"{fmt_s(theirs[0]) + ' (' + fmt_s(theirs[1]) + ')':>17} "
                f"{theirs[0] / ours[0]:>4.0f}x {theirs[1] / ours[1]:>5.0f}x "
                f"{'yes' if same else 'NO':>4}"
            )
        print(
            f"{name[:34]:<34} {voters_in(DATA / name):>7} {cells[0]:>8} {cells[1]:>8} "
            f"{cells[2]:>8} {cells[3]:>8} {ours_cell:>17} {tail}",
            flush=True,
        )
    return 0


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
    parser.add_argument("--mode", choices=("whole", "rules"), default="whole")
    parser.add_argument("--files", nargs="*", default=None)
    parser.add_argument("--rule", choices=("greedy", "mes", "phragmen"), default="mes")
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
    if args.mode == "whole":
        return whole_process(args)
    pabu = None if args.no_pabutools else pabutools_python()

    header = (
        f"{'file':<40} {'voters':>7} {'rule':<10} {'ours':>10} {'(count)':>10} "
        f"{'pabutools':>10} {'(count)':>10} {'ratio':>8} {'(count)':>8} {'same':>5} "
        f"{'ours MB':>8} {'(rss)':>7} {'pabu MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for name in args.files or DEFAULT_FILES:
        path = DATA / name
        voters = voters_in(path)
        for rule in args.rules:
            ours = spawn(["ours", str(path), rule, str(args.repeat)], None)
            theirs = None
            slow_rule = rule.startswith("mes+")
            if pabu and not (slow_rule and voters > args.completion_max_voters):
                theirs = spawn(["pabutools", str(path), rule], args.timeout, pabu)
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

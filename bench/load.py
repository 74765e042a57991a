"""Ballots per second under a last-evening rush, and proof that none is lost or doubled.

Creates a fresh PostgreSQL database (dropped again at the end, also on Ctrl-C or failure),
migrates it, seeds 20 000 eligible voters with a signed-in session each and one published round
per mode in its voting phase (one approval ballot box, 20 proposals with published feasible
assessments, 1 to 5 choices), starts gunicorn with the production settings on a free loopback
port, and casts ballots from a load generator on this machine (bench/load_client.py: threads,
stdlib http.client, loopback only) for a bounded time:

- every client plays one voter at a time: GET the voting page (sets the CSRF cookie, carries
  the token), POST the ballot, and for 10 % of voters a second POST that changes the vote;
- an acknowledged ballot is a POST answered 200 with the receipt page and its receipt code.

Then it checks the database of that mode's box: ballots and participations stored, no voter
with two participations, no locator on two ballots, as many ballots as participations, and for
every acknowledged voter the ballot found through their locator holds their last acknowledged
receipt and choices (or, when a later attempt failed mid-request, that attempt's choices).

Mode `floor` (run first by `both`) is the reference: the same clients GET /om/, a page with no
work of its own, twice per connection. It shows what Django's fixed cost per request (session,
user, CSRF, middleware, a short template) and gunicorn allow on these cores before any voting
work: half its requests/s is the most voter visits/s any page could give.

Modes `steady`, and `kill`: halfway through one gunicorn worker gets SIGKILL; its requests in
flight fail (counted as errors, retried once by the voter) and gunicorn starts a new worker.
Each mode ends with one line:

    load <mode>: <n> ballots/s, <v> visits/s = <s> % of the floor (<f> visits/s; CPU <c> %),
    p50 <x> ms, p99 <y> ms, acknowledged <a>, stored <s>, lost <l>, duplicated <d>

ballots/s = acknowledged POSTs (first votes and changes) / wall time; visits/s = voters served
(GET + POST, 10 % a second POST) / wall time, as a share of the floor's visits/s measured on the
same servers in the same run; CPU % = the floor's gunicorn + PostgreSQL CPU for two requests as
a share of a vote visit's, which other work on the machine does not skew. p50/p99 over every
vote POST answered; acknowledged = distinct voters with a receipt; stored = ballot rows in the
box. Exit status 1 if anything is lost or duplicated. Goal (issue 10): visits/s at least 50 % of
the floor, p99 < 300 ms, nothing lost or duplicated (the absolute 500 ballots/s of issue 5 is
out of reach for any server-rendered Django path with sessions and CSRF on 2 cores, ADR 0003).

Mode `signin`: voters arrive signed out. Half sign in with their password (allauth's form, the
project's password hasher: `--hasher argon2` as in production, or `pbkdf2`, Django's default,
for comparison), half with a voting code (/rostkod/, a round that uses an invitation list); each
then votes as above. Every voter comes from their own client address behind the proxy
(X-Forwarded-For, TRUSTED_PROXIES = 127.0.0.1), as the sign-in rate limits expect. Its line:

    load signin: <n> sign-ins/s (password <p>/s p99 <x> ms, code <c>/s p99 <y> ms), then
    <b> ballots/s, vote p99 <z> ms, acknowledged <a>, stored <s>, lost <l>, duplicated <d>

    .venv/bin/python bench/load.py [--mode both|steady|kill|floor|signin] [--seconds 30]
        [--clients 32] [--worker-class gthread --threads 4 | --worker-class sync]
        [--hasher argon2|pbkdf2] [--profile 300]

`--profile N` also runs N vote visits through the WSGI application in this process under
cProfile (no network, the same middleware and view) and prints where a vote's time goes.
"""

import argparse
import contextlib
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "bench" / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PG = "postgres://postgres@127.0.0.1:5432"
SETTINGS = "bench.load_settings"  # config.settings.prod with STATIC_ROOT under bench/out
N_PROPOSALS = 20


def log(message: str):
    print(message, flush=True)


# --- Database and environment -------------------------------------------------------------------


def ensure_postgres():
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
        return
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
    )
    for _ in range(30):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL on 127.0.0.1:5432 does not answer")


def admin_sql(statement: str):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def server_env(db_name: str) -> dict[str, str]:
    def key():
        return secrets.token_urlsafe(48)

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": f"{PG}/{db_name}",
        "SECRET_KEY": key(),
        "BALLOT_LOCATOR_KEY": key(),
        "PERSONNUMMER_HASH_KEY": key(),
        "VOTING_CODE_KEY": key(),
        "RECEIPT_KEY": key(),
        # The load generator plays the municipality's proxy: each voter's own address in
        # X-Forwarded-For, as the rate limits of the sign-in pages count per client.
        "TRUSTED_PROXIES": "127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "PYTHONPATH": str(ROOT),
    }


def manage(env, *args):
    subprocess.run([PYTHON, ROOT / "manage.py", *args], env=env, cwd=ROOT, check=True)


# --- Seeding ------------------------------------------------------------------------------------


def seed_round(label: str, authors, official):
    from django.utils import timezone

    from delaktig.assessments.models import Assessment
    from delaktig.processes.models import BudgetRound
    from delaktig.processes.timeline import move_to
    from delaktig.proposals.models import Proposal
    from delaktig.voting.models import BallotBox
    from delaktig.voting.services import design

    budget_round = BudgetRound.objects.create(
        slug=f"load-{label}",
        name=f"Lasttest {label}",
        audience="citizen",
        summary="Lasttest",
        total_budget=2_000_000,
        status="published",
        published_at=timezone.now(),
    )
    move_to(budget_round, "assess")
    proposals = Proposal.objects.bulk_create(
        Proposal(
            budget_round=budget_round,
            author=authors[i % len(authors)],
            title=f"Förslag {i + 1:02d}: en bättre plats i kommunen",
            description="En beskrivning av förslaget. " * 10,
            estimated_cost=50_000 + 5_000 * i,
        )
        for i in range(N_PROPOSALS)
    )
    Assessment.objects.bulk_create(
        Assessment(
            proposal=p,
            verdict="feasible",
            reason="Går att genomföra.",
            official_cost=p.estimated_cost,
            assessed_by=official,
            published_at=timezone.now(),
        )
        for p in proposals
    )
    box = BallotBox.objects.create(
        budget_round=budget_round, kind="approval", min_choices=1, max_choices=5
    )
    filled = design.fill_ballot(by=official, box=box)
    assert len(filled.on_ballot) == N_PROPOSALS, filled
    move_to(budget_round, "vote")
    return budget_round, box, [p.pk for p in proposals]


PASSWORD = "lasttest-lösenord"


def seed(n_voters: int):
    """Voters with one precomputed password hash, a signed-in session each, and one round per
    mode (plus one for the profile). Sessions are written directly: no sign-in hashing.
    For the sign-in mode: as many signed-out voters with a verified e-mail address, and as many
    invitations with voting codes in a round that uses the invitation list."""
    from datetime import timedelta

    from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from delaktig.accounts.models import User

    password = make_password(PASSWORD)
    official = User.objects.create(
        email="official@load.example", password=password, is_official=True
    )
    authors = User.objects.bulk_create(
        User(email=f"author{i}@load.example", password=password, full_name=f"Författare {i}")
        for i in range(10)
    )
    labels = ("steady", "kill", "prof", "signin", "code")
    rounds = {label: seed_round(label, authors, official) for label in labels}
    voters = User.objects.bulk_create(
        (User(email=f"voter{i}@load.example", password=password) for i in range(n_voters)),
        batch_size=2000,
    )
    # One password hash for everyone, so one session hash too (HMAC of the hash).
    auth_hash = voters[0].get_session_auth_hash()
    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    backend = "allauth.account.auth_backends.AuthenticationBackend"
    sessions = []
    for voter in voters:
        data = {
            SESSION_KEY: str(voter.pk),
            "_auth_user_backend": backend,
            HASH_SESSION_KEY: auth_hash,
        }
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expires)
        )
    Session.objects.bulk_create(sessions, batch_size=2000)
    rounds["signin_plans"] = seed_sign_ins(n_voters, password, rounds)
    return rounds, [(v.pk, s.session_key) for v, s in zip(voters, sessions, strict=True)]


def seed_sign_ins(n: int, password: str, rounds) -> list:
    """Signed-out voters for the sign-in mode, alternating: a password (e-mail verified, as
    allauth requires) for the round `signin`, a voting code of the round `code`'s invitation
    list. Returns the load generator's plans in that order."""
    from allauth.account.models import EmailAddress
    from django.urls import reverse
    from load_client import SignInPlan

    from delaktig.accounts.models import User
    from delaktig.core.codes import VOTING_CODE
    from delaktig.eligibility.models import Invitation, RoundEligibility

    people = User.objects.bulk_create(
        (User(email=f"signin{i}@load.example", password=password) for i in range(n // 2)),
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people),
        batch_size=2000,
    )
    code_round = rounds["code"][0]
    RoundEligibility.objects.create(budget_round=code_round, use_invitations=True)
    codes = [VOTING_CODE.generate() for _ in range(n // 2)]
    Invitation.objects.bulk_create(
        (
            Invitation(
                budget_round=code_round, name=f"Inbjuden {i}", code_hash=VOTING_CODE.keyed_hash(c)
            )
            for i, c in enumerate(codes)
        ),
        batch_size=2000,
    )

    def vote_path(label):
        budget_round, box, _proposals = rounds[label]
        return f"/omgangar/{budget_round.slug}/rosta/{box.pk}/"

    plans = []
    for i, (person, code) in enumerate(zip(people, codes, strict=True)):
        for j, (user_id, how, credential, path, label) in enumerate(
            [
                (person.pk, "password", person.email, reverse("account_login"), "signin"),
                (None, "code", code, reverse("eligibility:enter"), "code"),
            ]
        ):
            k = 2 * i + j + 1
            plans.append(
                SignInPlan(
                    user_id=user_id,
                    how=how,
                    credential=credential,
                    sign_in_path=path,
                    vote_path=vote_path(label),
                    proposals=tuple(rounds[label][2]),
                    client_address=f"10.{k >> 16 & 255}.{k >> 8 & 255}.{k & 255}",
                )
            )
    return plans


# --- gunicorn -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env, *, workers: int, worker_class: str, threads: int):
        self.port = free_port()
        self.log_path = OUT / "load-gunicorn.log"
        command = [
            GUNICORN,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--backlog",
            "2048",
            "--graceful-timeout",
            "5",
            "--no-control-socket",  # the default path in ~/.gunicorn is shared by every gunicorn
        ]
        if worker_class == "gthread":
            command += ["--threads", str(threads)]
        self.log_file = self.log_path.open("w")
        self.proc = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches this script only; it stops gunicorn
        )

    def wait_ready(self, path: str, timeout: float = 30):
        import http.client

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
                status = conn.getresponse().status
                conn.close()
                if status == 200 and len(self.workers()) > 0:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def workers(self) -> list[int]:
        """The worker processes: the children of the gunicorn master."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.proc.pid:
                    found.append(int(stat.parent.name))
        return found

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log_file.close()


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu(db_name: str) -> dict[int, float]:
    """{pid: CPU seconds} of the PostgreSQL backends serving `db_name`."""
    found = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError, ValueError):
            words = cmdline.read_bytes().replace(b"\0", b" ").split()
            if words[:1] == [b"postgres:"] and db_name.encode() in words:
                pid = int(cmdline.parent.name)
                found[pid] = _cpu_of(pid)
    return found


def machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores, /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU used during the run by gunicorn, by this database's PostgreSQL backends, by the
    generator (this process), and by everything else on the machine (other people's work).
    Processes are followed by pid and sampled every second, so a worker that is killed, or a
    database connection that is closed and opened again (CONN_MAX_AGE), counts up to its last
    sample and its replacement from its start."""

    def __init__(self, server, db_name):
        import threading

        self.server, self.db_name = server, db_name
        self.first: dict[str, dict[int, float]] = {}
        self.last: dict[str, dict[int, float]] = {}
        self.lock = threading.Lock()
        self.sample()
        self.first = {group: dict(cpu) for group, cpu in self.last.items()}
        self.generator = time.process_time()
        self.machine = machine_busy()
        self.running = threading.Event()
        self.running.set()
        self.thread = threading.Thread(target=self._every_second, daemon=True)
        self.thread.start()

    def _every_second(self):
        while self.running.is_set():
            time.sleep(1)
            self.sample()

    def sample(self):
        pids = [self.server.proc.pid, *self.server.workers()]
        gunicorn = {}
        for pid in pids:
            with contextlib.suppress(OSError):
                gunicorn[pid] = _cpu_of(pid)
        database = postgres_cpu(self.db_name)
        with self.lock:
            for group, cpu in (("gunicorn", gunicorn), ("postgres", database)):
                self.last.setdefault(group, {}).update(cpu)

    def stop(self, wall: float) -> dict[str, float]:
        self.running.clear()
        self.thread.join()
        self.sample()
        used = {
            group: sum(t - self.first[group].get(pid, 0.0) for pid, t in cpu.items())
            for group, cpu in self.last.items()
        }
        used["generator"] = time.process_time() - self.generator
        used["other"] = max(0.0, machine_busy() - self.machine - sum(used.values()))
        return {name: seconds / wall for name, seconds in used.items()}


def warm_up(port: int, path: str, n: int = 40):
    """Load templates, translations and connections in every worker before measuring."""
    import http.client

    for _ in range(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        conn.getresponse().read()
        conn.close()


# --- Checks -------------------------------------------------------------------------------------


def check(box, result):
    """Compare what the generator saw acknowledged with what the database holds."""
    from django.db import connection
    from django.db.models import Count

    from delaktig.accounts.models import User
    from delaktig.core.codes import RECEIPT_CODE
    from delaktig.voting.models import Ballot, BallotChoice, Participation
    from delaktig.voting.services.casting import locator_for

    users = User.objects.in_bulk([v.user_id for v in result.voters if v.user_id is not None])
    ballots = Ballot.objects.filter(box=box)
    stored = ballots.count()
    participations = Participation.objects.filter(box=box).count()
    doubled_voters = (
        Participation.objects.filter(box=box)
        .values("voter")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    doubled_locators = (
        ballots.exclude(locator=None).values("locator").annotate(n=Count("pk")).filter(n__gt=1)
    )
    extra_by_locator = sum(row["n"] - 1 for row in doubled_locators)
    no_locator = ballots.filter(locator=None).count()
    by_locator = {}
    for ballot_id, locator, rhash in ballots.values_list("id", "locator", "receipt_hash"):
        by_locator[locator] = (ballot_id, rhash)
    choices: dict = {}
    for ballot_id, proposal_id in BallotChoice.objects.filter(ballot__box=box).values_list(
        "ballot_id", "proposal_id"
    ):
        choices.setdefault(ballot_id, []).append(proposal_id)
    participants = set(Participation.objects.filter(box=box).values_list("voter_id", flat=True))

    lost, superseded, unacknowledged_stored, phantom = [], 0, 0, 0
    seen_locators = set()
    for voter in result.voters:
        if not voter.attempts:
            continue
        locator = locator_for(box, users[voter.user_id])
        seen_locators.add(locator)
        stored_ballot = by_locator.get(locator)
        ack = voter.last_acknowledged()
        if ack is None:
            if stored_ballot is not None:
                unacknowledged_stored += 1  # a failed request had committed before failing
            continue
        if stored_ballot is None or voter.user_id not in participants:
            lost.append(voter.user_id)
            continue
        ballot_id, rhash = stored_ballot
        held = tuple(sorted(choices.get(ballot_id, ())))
        if rhash == RECEIPT_CODE.keyed_hash(ack.code) and held == ack.choices:
            continue
        later = voter.failed_after(ack)
        if any(held == a.choices for a in later):
            superseded += 1  # a later attempt committed, then its connection broke
        else:
            lost.append(voter.user_id)
    phantom = sum(1 for locator in by_locator if locator not in seen_locators)
    duplicated = doubled_voters + extra_by_locator + no_locator + phantom
    duplicated += max(0, stored - participations)
    connection.close()
    return {
        "stored": stored,
        "participations": participations,
        "lost": lost,
        "duplicated": duplicated,
        "doubled_voters": doubled_voters,
        "doubled_locators": extra_by_locator,
        "phantom": phantom,
        "superseded": superseded,
        "unacknowledged_stored": unacknowledged_stored,
    }


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- One mode -----------------------------------------------------------------------------------


def run_mode(mode, args, server, rounds, voters, floor=None):
    import load_client

    budget_round, box, proposals = rounds[mode]
    path = f"/omgangar/{budget_round.slug}/rosta/{box.pk}/"
    warm_up(server.port, path)
    killed = []

    def kill_one_worker():
        workers = server.workers()
        if not workers:
            return
        meter.sample()
        os.kill(workers[0], signal.SIGKILL)
        killed.append(workers[0])
        at = time.monotonic()
        while time.monotonic() < at + 20:
            fresh = set(server.workers()) - set(workers)
            if fresh:
                break
            time.sleep(0.01)
        log(
            f"  killed worker {workers[0]} (SIGKILL) at {args.seconds / 2:.0f} s; gunicorn "
            f"forked worker {','.join(map(str, fresh)) or '(none)'} "
            f"{time.monotonic() - at:.2f} s later"
        )

    meter = CpuMeter(server, args.db)
    result = load_client.run(
        port=server.port,
        path=path,
        voters=voters,
        proposals=proposals,
        seconds=args.seconds,
        clients=args.clients,
        change_share=args.change_share,
        seed=1 if mode == "steady" else 2,
        at_half=kill_one_worker if mode == "kill" else None,
    )
    cores = meter.stop(result.wall)  # a killed worker's CPU is not counted
    acknowledged = sum(1 for v in result.voters if v.acknowledged)
    first = sum(1 for v in result.voters if v.attempts and v.attempts[0].code)
    rate = result.receipts / result.wall
    p50, p95, p99 = (percentile(result.post_ms, q) for q in (0.5, 0.95, 0.99))
    found = check(box, result)
    if mode == "kill" and len(server.workers()) < args.workers:
        log("  WARNING: gunicorn has fewer workers than at the start")
    log(
        f"  {len(result.voters)} voters in {result.wall:.1f} s; receipts {result.receipts} "
        f"({first} first-attempt votes, rest changes and retries); errors "
        f"{sum(result.errors.values())} {result.errors or ''}"
    )
    log(
        f"  POST ms p50 {p50:.0f} p95 {p95:.0f} p99 {p99:.0f} max {max(result.post_ms):.0f}; "
        f"GET ms p50 {percentile(result.get_ms, 0.5):.0f} p99 {percentile(result.get_ms, 0.99):.0f}"
        f"; mean POST {statistics.fmean(result.post_ms):.1f}"
    )
    per_visit = {k: v * result.wall * 1000 / max(1, len(result.voters)) for k, v in cores.items()}
    own = sum(per_visit[k] for k in ("gunicorn", "postgres", "generator"))
    log(
        "  CPU, cores busy: "
        + ", ".join(f"{k} {v:.2f}" for k, v in cores.items())
        + f" (of {os.cpu_count()}); per voter visit (GET + POST, 10 % a second POST): "
        + ", ".join(f"{k} {per_visit[k]:.1f} ms" for k in ("gunicorn", "postgres", "generator"))
        + f"; at that cost {os.cpu_count()} free cores give at most "
        + f"{os.cpu_count() * 1000 / own * result.receipts / max(1, len(result.voters)):.0f}"
        + " ballots/s"
    )
    log(
        f"  database: ballots {found['stored']}, participations {found['participations']}, "
        f"voters with 2 participations {found['doubled_voters']}, extra ballots per locator "
        f"{found['doubled_locators']}, ballots of no voter {found['phantom']}; stored without "
        f"receipt (request failed after commit) {found['unacknowledged_stored']}, replaced by a "
        f"later failed attempt {found['superseded']}"
    )
    if cores["other"] > 0.2:
        log(
            f"  WARNING: other processes on this machine used {cores['other']:.2f} cores "
            "during the run; the rate and latencies understate what free cores give"
        )
    for line in result.unexpected:
        log(f"  unexpected answer: {line}")
    if result.exhausted:
        log("  note: every voter had voted before the time was up")
    if killed and not any(result.errors.values()):
        log("  note: the killed worker had no request in flight")
    lost, duplicated = len(found["lost"]), found["duplicated"]
    visits = len(result.voters) / result.wall
    log(
        f"load {mode}: {rate:.0f} ballots/s, {visits:.0f} visits/s = "
        f"{share_of_floor(visits, per_visit, floor)}, p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
        f"acknowledged {acknowledged}, stored {found['stored']}, lost {lost}, "
        f"duplicated {duplicated}"
    )
    return lost == 0 and duplicated == 0


def share_of_floor(visits: float, per_visit: dict, floor: dict | None) -> str:
    """Vote visits/s as a share of the floor's (two empty signed-in pages on the same servers,
    same run), and the same by CPU: the floor's gunicorn + PostgreSQL CPU for two requests
    against a vote visit's, which other work on the machine skews far less."""
    if floor is None:
        return "? % of the floor (not measured in this run: --mode both or floor first)"
    own = per_visit["gunicorn"] + per_visit["postgres"]
    cpu = 100 * 2 * floor["cpu_ms"] / own if own else float("nan")
    return (
        f"{100 * visits / floor['visits']:.0f} % of the floor ({floor['visits']:.0f} visits/s; "
        f"CPU {cpu:.0f} %)"
    )


def run_floor(args, server, voters):
    """What the same server answers when a request does nothing but Django's fixed work (session,
    user, CSRF, middleware, a short template): the ceiling any page reaches on these cores."""
    import load_client

    path = "/om/"
    warm_up(server.port, path)
    meter = CpuMeter(server, args.db)
    answered, wall, ms = load_client.run_floor(
        port=server.port,
        path=path,
        sessions=[key for _user_id, key in voters],
        seconds=args.seconds,
        clients=args.clients,
    )
    cores = meter.stop(wall)
    rate = answered / wall
    per_request = {k: cores[k] * wall * 1000 / max(1, answered) for k in ("gunicorn", "postgres")}
    log(
        "  CPU, cores busy: "
        + ", ".join(f"{k} {v:.2f}" for k, v in cores.items())
        + f" (of {os.cpu_count()}); per request: gunicorn {per_request['gunicorn']:.1f} ms, "
        + f"postgres {per_request['postgres']:.1f} ms"
    )
    ms.sort()
    p50, p99 = ms[len(ms) // 2], ms[int(len(ms) * 0.99)]
    log(
        f"load floor: {rate:.0f} requests/s of GET {path} (signed in, no work of its own), p50 "
        f"{p50:.0f} ms, p99 {p99:.0f} ms; a visit is two requests, so even a vote that cost "
        f"nothing would reach at most {rate / 2:.0f} visits/s here"
    )
    return {"visits": rate / 2, "cpu_ms": per_request["gunicorn"] + per_request["postgres"]}


def run_signin(args, server, rounds):
    """Voters arrive signed out, sign in (password or voting code) and vote."""
    import load_client

    plans = rounds["signin_plans"]
    for path in {plans[0].sign_in_path, plans[1].sign_in_path}:
        warm_up(server.port, path)
    meter = CpuMeter(server, args.db)
    out = load_client.run_signin(
        port=server.port,
        plans=plans,
        password=PASSWORD,
        seconds=args.seconds,
        clients=args.clients,
        change_share=args.change_share,
        seed=3,
    )
    cores = meter.stop(out.load.wall)
    result = out.load
    _fill_code_voters(result, out.logs)
    ok, stored, lost, duplicated = True, 0, 0, 0
    for label in ("signin", "code"):
        box = rounds[label][1]
        mine = [v for v in result.voters if out.logs[id(v)].vote_path.endswith(f"/{box.pk}/")]
        found = check(box, _only(result, mine))
        stored += found["stored"]
        lost += len(found["lost"])
        duplicated += found["duplicated"]
    ok = lost == 0 and duplicated == 0
    wall = result.wall
    acknowledged = sum(1 for v in result.voters if v.acknowledged)
    signed = sum(out.signed_in.values())
    parts = ", ".join(
        f"{how} {out.signed_in[how] / wall:.0f}/s p99 {percentile(ms, 0.99):.0f} ms"
        for how, ms in out.sign_in_ms.items()
    )
    per_voter = cores["gunicorn"] * wall * 1000 / max(1, signed) or float("nan")
    log(
        f"  {signed} sign-ins in {wall:.1f} s; errors {sum(result.errors.values())} "
        f"{result.errors or ''}; CPU, cores busy: "
        + ", ".join(f"{k} {v:.2f}" for k, v in cores.items())
        + f"; per signed-in voter (sign-in + vote): gunicorn {per_voter:.1f} ms; at that cost "
        f"{os.cpu_count()} free cores sign in and take the votes of at most "
        f"{os.cpu_count() * 1000 / per_voter:.0f} voters/s"
    )
    for line in result.unexpected:
        log(f"  unexpected answer: {line}")
    p99 = percentile(result.post_ms, 0.99)
    log(
        f"load signin: {signed / wall:.0f} sign-ins/s ({parts}), then "
        f"{result.receipts / wall:.0f} ballots/s, vote p99 {p99:.0f} ms, acknowledged "
        f"{acknowledged}, stored {stored}, lost {lost}, duplicated {duplicated} "
        f"(hasher {args.hasher})"
    )
    return ok


def _fill_code_voters(result, plans) -> None:
    """A code voter's account is made when the code is first used: find it by the code."""
    from delaktig.core.codes import VOTING_CODE
    from delaktig.eligibility.models import Invitation

    by_hash = dict(Invitation.objects.exclude(voter=None).values_list("code_hash", "voter_id"))
    for voter in result.voters:
        plan = plans[id(voter)]
        if plan.how == "code":
            voter.user_id = by_hash.get(VOTING_CODE.keyed_hash(plan.credential))


def _only(result, voters):
    import dataclasses

    return dataclasses.replace(result, voters=voters)


# --- Main ---------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mode",
        choices=["both", "steady", "kill", "floor", "signin", "none"],
        default="both",
        help="both: floor, steady, kill and signin; none: seed and --profile only",
    )
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--voters", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread")
    parser.add_argument("--threads", type=int, default=4, help="per worker, gthread only")
    parser.add_argument("--change-share", type=float, default=0.1)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--db", default="delaktig_load")
    parser.add_argument(
        "--hasher",
        choices=["argon2", "pbkdf2"],
        default="argon2",
        help="password hasher for the sign-in mode: argon2 (production) or pbkdf2 (Django's)",
    )
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.db):
        parser.error("--db: lower-case letters, digits and _ only")
    modes = {"both": ["floor", "steady", "kill", "signin"], "none": []}.get(args.mode, [args.mode])

    # Ctrl-C and SIGTERM both unwind through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_postgres()
    env = server_env(args.db)
    env["BENCH_PASSWORD_HASHER"] = args.hasher  # bench/load_settings.py
    server = None
    ok = True
    started = time.monotonic()
    try:
        admin_sql(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
        admin_sql(f"CREATE DATABASE {args.db}")
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        seeded = time.monotonic()
        rounds, voters = seed(args.voters)
        connection.close()
        log(
            f"database {args.db} migrated and seeded in {time.monotonic() - started:.0f} s "
            f"(seed {time.monotonic() - seeded:.1f} s): {len(voters)} voters with sessions, "
            f"{N_PROPOSALS} proposals per box"
        )
        if args.profile:
            import load_profile

            load_profile.profile(rounds["prof"], voters[: args.profile], env["SECRET_KEY"])
            connection.close()
        if not modes:
            return
        server = Gunicorn(
            env, workers=args.workers, worker_class=args.worker_class, threads=args.threads
        )
        first = rounds["steady"][0]
        server.wait_ready(f"/omgangar/{first.slug}/")
        worker_desc = f"{args.workers} {args.worker_class} workers" + (
            f" x {args.threads} threads" if args.worker_class == "gthread" else ""
        )
        log(f"gunicorn on 127.0.0.1:{server.port}, {worker_desc}; {args.clients} clients")
        floor = None
        for mode in modes:
            log(f"{mode}: {args.seconds:.0f} s")
            if mode == "floor":
                floor = run_floor(args, server, voters)
            elif mode == "signin":
                ok = run_signin(args, server, rounds) and ok
            else:
                ok = run_mode(mode, args, server, rounds, voters, floor) and ok
    except KeyboardInterrupt:
        log("interrupted: cleaning up")
        ok = False
    finally:
        if server is not None:
            server.stop()
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with contextlib.suppress(Exception):
            admin_sql(f"DROP DATABASE IF EXISTS {args.db} WITH (FORCE)")
        log(f"total {time.monotonic() - started:.0f} s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Timed journeys (issue 11): a first-time voter from the start page to a receipt, and a new
case officer from "Skapa en budgetomgång" through the task list to an open vote.

Loads the demo into a fresh SQLite file (bench/out/journeys.sqlite3), starts the development
server on a free port, and walks headless Chromium (Debian's, as the browser tests do) the way
a new person would. It counts the person's actions (clicks, ticks and form submits; typing is
not counted) and the seconds of the automated walk, and prints one line per journey:

    journey voter: <n> actions, <s> s, from the start page to a receipt (goal: at most 6 actions)
    journey official: <n> actions, <s> s, from "Skapa en budgetomgång" to an open vote ...

The voter takes the shortest path a person finds on the page: the round card's primary
action if there is one ("Rösta senast …"), else the round's title and its "Rösta" tab; a
"Logga in" link if the ballot asks for it. So the same script measures older versions too.
The official's walk is `e2e.journeys.walk_official_to_open_vote`, the one the browser test
e2e/test_official_journey.py takes with axe on every page: the details, the timetable, the
ballot (kind, proposals, counting rule) and its preview, publishing, "Öppna omröstningen nu".
The residents' proposals and their assessments are put in place while the official works
(`manage.py shell`), outside the timed seconds and the official's actions.

    .venv/bin/python bench/journeys.py
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # e2e.journeys: the official's walk, shared with the browser test
OUT = ROOT / "bench" / "out"
ROUND = "Medarbetarbudget 2021 – du vet bäst"  # the demo round in its voting phase
VOTER, PASSWORD = "deltagare@demo.delaktig.se", "demo-delaktig"
OFFICIAL = "handlaggare@demo.delaktig.se"
SEED = """
from django.utils import timezone
from delaktig.accounts.models import User
from delaktig.assessments.models import Assessment
from delaktig.processes.models import BudgetRound
from delaktig.proposals.models import Proposal

budget_round = BudgetRound.objects.get(slug={slug!r})
author = User.objects.get(email={author!r})
for title, cost in {proposals!r}.items():
    proposal = Proposal.objects.create(
        budget_round=budget_round, author=author, title=title, estimated_cost=cost,
        description="Ett förslag från en invånare.",
    )
    Assessment.objects.create(
        proposal=proposal, verdict="feasible", reason="Går att genomföra.",
        published_at=timezone.now(),
    )
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "journeys.sqlite3"
    db.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    for args in (["migrate", "-v", "0"], ["createcachetable"], ["load_demo"]):
        manage(*args, env=env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        actions, seconds = walk(base)
        official_actions, official_seconds = walk_official(base, env)
    finally:
        server.terminate()
        server.wait()
    print(
        f"journey voter: {actions} actions, {seconds:.1f} s, from the start page to a receipt "
        "(goal: at most 6 actions)"
    )
    print(
        f"journey official: {official_actions} actions, {official_seconds:.1f} s, from "
        '"Skapa en budgetomgång" through the task list to an open vote'
    )


def _browser(p):
    return p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
    )


def walk_official(base: str, env) -> tuple[int, float]:
    from playwright.sync_api import sync_playwright

    from e2e.journeys import OFFICIAL_PROPOSALS, walk_official_to_open_vote

    def seed(slug):
        code = SEED.format(slug=slug, author=VOTER, proposals=OFFICIAL_PROPOSALS)
        manage("shell", "-v", "0", "-c", code, env=env)

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        page.goto(base + "/konto/login/?next=/hantera/")
        page.fill("input[name=login]", OFFICIAL)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        walk, _slug = walk_official_to_open_vote(page, base, seed=seed)
        browser.close()
    return walk.actions, walk.seconds


def walk(base: str) -> tuple[int, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        actions = 0
        start = time.perf_counter()
        page.goto(base + "/")
        card = page.locator("li.card", has_text=ROUND)
        primary = card.get_by_role("link", name="Rösta", exact=False).filter(has_text="Rösta")
        if primary.count():
            primary.first.click()
            actions += 1
        else:
            card.get_by_role("link", name=ROUND).click()
            page.get_by_role("navigation", name="Omgång").get_by_role("link", name="Rösta").click()
            actions += 2
        if "/konto/login/" not in page.url:
            sign_in = page.locator("main").get_by_role("link", name="Logga in")
            if sign_in.count():
                sign_in.first.click()
                actions += 1
        page.fill("input[name=login]", VOTER)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        actions += 1
        boxes = page.locator("main input[type=checkbox]")
        for i in range(2):
            boxes.nth(i).check()
            actions += 1
        page.locator("main form button[type=submit]").last.click()
        actions += 1
        page.wait_for_selector("#receipt-code, .receipt__code")
        seconds = time.perf_counter() - start
        browser.close()
    return actions, seconds


if __name__ == "__main__":
    main()

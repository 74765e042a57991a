"""A first-time voter's journey, timed: from the start page to a receipt (issue 11).

Loads the demo into a fresh SQLite file (bench/out/journeys.sqlite3), starts the development
server on a free port, and walks headless Chromium (Debian's, as the browser tests do) the way
a new voter would: the start page, the round's vote, signing in, ticking two proposals,
sending the ballot. It counts the person's actions (clicks and form submits; typing is not
counted) and the seconds of the automated walk, and prints one line:

    journey voter: <n> actions, <s> s, from the start page to a receipt (goal: at most 6 actions)

The walker takes the shortest path a person finds on the page: the round card's primary
action if there is one ("Rösta senast …"), else the round's title and its "Rösta" tab; a
"Logga in" link if the ballot asks for it. So the same script measures older versions too:

    .venv/bin/python bench/journeys.py
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
ROUND = "Medarbetarbudget 2021 – du vet bäst"  # the demo round in its voting phase
VOTER, PASSWORD = "deltagare@demo.delaktig.se", "demo-delaktig"


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
        actions, seconds = walk(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait()
    print(
        f"journey voter: {actions} actions, {seconds:.1f} s, from the start page to a receipt "
        "(goal: at most 6 actions)"
    )


def walk(base: str) -> tuple[int, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
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

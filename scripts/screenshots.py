"""Screenshots of pages as a person sees them, at 1280 px and 320 px, for a look by eye.

Usage: .venv/bin/python scripts/screenshots.py BASE_URL OUT_DIR [--login EMAIL] PATH...
"""

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("out")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--login")
    parser.add_argument("--password", default="demo-delaktig")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in (1280, 320):
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="sv-SE")
            if args.login:
                page.goto(args.base + "/konto/login/")
                page.fill("input[name=login]", args.login)
                page.fill("input[name=password]", args.password)
                page.click("main form button[type=submit]")
            for path in args.paths:
                page.goto(args.base + path)
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                print(out / f"{name}-{width}.png", page.title())
        browser.close()


if __name__ == "__main__":
    main()

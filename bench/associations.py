"""Server time and SQL queries of the public association register (issue 14).

Seeds N listed associations (default 500, about three times a municipality's register) across
the categories and eight areas, with a few removed and pending ones that the register must
leave out, then requests the register's pages at least R times through Django's test client
(in process: the server's own time, no network) and prints median and p95 in ms and the number
of SQL queries: the first page, a word search, a category and area filter, a later page and an
association's page. The same pages of a register of N/10 are measured for the query count: it
must not grow with the number of associations. Goal (issue 14): under 50 ms median.

    .venv/bin/python bench/associations.py [--associations 500] [--requests 50]

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import measure, setup_django

GOAL_MS = 50
WORDS = [
    "idrott",
    "skidor",
    "fotboll",
    "kör",
    "musik",
    "hembygd",
    "byalag",
    "fiske",
    "jakt",
    "scout",
    "schack",
    "teater",
    "konst",
    "pensionärer",
    "föräldrar",
    "bygdegård",
    "natur",
    "simning",
    "ridning",
    "motor",
]
PLACES = ("Vansbro", "Dala-Järna", "Äppelbo", "Nås", "Skamhed", "Blyberg", "Österbyn", "Järna")
KINDS = ("IK", "Byalag", "Hembygdsförening", "Kör", "Skytteklubb", "Föräldraförening", "PRO")


def seed(n: int, rng: random.Random, label: str):
    from delaktig.accounts.models import District
    from delaktig.associations.models import Association, AssociationStatus, Category, name_key

    areas = [District.objects.get_or_create(name=f"{p} ({label})")[0] for p in PLACES]
    categories = Category.values
    rows = []
    for i in range(n):
        name = f"{rng.choice(PLACES)} {rng.choice(KINDS)} {label} {i}"
        status = AssociationStatus.LISTED
        if i % 25 == 0:
            status = rng.choice([AssociationStatus.REMOVED, AssociationStatus.PENDING])
        rows.append(
            Association(
                name=name,
                name_key=name_key(name),
                slug=f"{label}-{i}",
                category=categories[i % len(categories)],
                district=None if i % 9 == 0 else areas[i % len(areas)],
                description=" ".join(rng.choices(WORDS, k=25)).capitalize() + ".",
                website=f"https://forening{i}.example.se",
                contact_email=f"info{i}@{label}.example.se",
                status=status,
            )
        )
    Association.objects.bulk_create(rows, batch_size=500)
    listed = Association.objects.filter(slug__startswith=f"{label}-", status="listed")
    return areas, listed.order_by("pk")[n // 3 if n > 3 else 0]


def pages(areas, association):
    from django.urls import reverse

    register = reverse("associations:register")
    return {
        "register": register,
        "word search": f"{register}?q=skidor+hembygd&kategori=&omrade=",
        "category+area": f"{register}?kategori=sports&omrade={areas[2].pk}",
        "page 3": f"{register}?sida=3",
        "association": reverse("associations:detail", kwargs={"slug": association.slug}),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--associations", type=int, default=500)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup_django("associations")
    import warnings

    from django.test import Client

    warnings.filterwarnings("ignore", message="No directory at")
    rng = random.Random(14)
    start = time.perf_counter()
    big = seed(args.associations, rng, "big")
    small = seed(max(10, args.associations // 10), rng, "small")
    print(
        f"seeded in {time.perf_counter() - start:.1f} s "
        f"({args.associations} associations; small register /10)"
    )
    client = Client()  # the register is public: nobody signed in
    small_queries = {name: measure(client, url, 3)[2] for name, url in pages(*small).items()}
    print(f"{'page':15} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'queries/10':>11}  goal")
    for name, url in pages(*big).items():
        median, p95, queries = measure(client, url, args.requests)
        verdict = "ok" if median < GOAL_MS and queries == small_queries[name] else "MISSED"
        print(
            f"{name:15} {median:10.1f} {p95:8.1f} {queries:8d} {small_queries[name]:11d}  {verdict}"
        )


if __name__ == "__main__":
    main()

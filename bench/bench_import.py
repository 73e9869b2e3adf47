"""Time the databank import of 1,000 organisations.

Target: 1,000 rows imported in under 20 seconds on a 2-core machine.

Generates 1,000 valid rows in the format of the databank export (distinct
names, e-mail addresses and enterprise numbers with valid check digits),
imports them into the given database inside a transaction, and rolls that
transaction back: the database is left as it was. Exits with status 1 when
the import is slower than the target or does not create every row.

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_import.py -c .odoo.conf -d DB
"""

import argparse
import csv
import io
import sys
import time

import odoo

TARGET_SECONDS = 20.0
ROWS = 1000

MUNICIPALITIES = [
    ("2000", "Antwerpen"),
    ("3000", "Leuven"),
    ("3500", "Hasselt"),
    ("8500", "Kortrijk"),
    ("9000", "Gent"),
    ("1000", "Brussel"),
    ("2800", "Mechelen"),
    ("8000", "Brugge"),
]
COUNTRIES = ["Senegal", "Kenia", "Democratische Republiek Congo", "Peru", "Nepal"]
THEMES = ["Onderwijs", "Water en sanitatie", "gezondheid", "Klimaat en milieu"]
LEGAL_FORMS = ["vzw", "feitelijke vereniging", "ivzw", "stichting"]


def enterprise_number(index):
    """Return a valid enterprise number, distinct for every index."""
    base = 10_000_000 + index * 7
    check = 97 - base % 97
    digits = f"{base:08d}{check:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def build_file(rows, columns):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for index in range(rows):
        zip_code, city = MUNICIPALITIES[index % len(MUNICIPALITIES)]
        legal_form = LEGAL_FORMS[index % len(LEGAL_FORMS)]
        slug = f"bench-organisatie-{index:04d}"
        values = {
            "naam": f"Bench organisatie {index:04d}",
            "rechtsvorm": legal_form,
            "ondernemingsnummer": (
                ""
                if legal_form == "feitelijke vereniging"
                else enterprise_number(index)
            ),
            "straat": f"Kerkstraat {index % 200 + 1}",
            "postcode": zip_code,
            "gemeente": city,
            "land": "België",
            "email": f"info@{slug}.example.org",
            "telefoon": f"+32 470 {index // 100:02d} {index % 100:02d} 00",
            "website": f"https://{slug}.example.org",
            "landen": "; ".join(COUNTRIES[index % 5 : index % 5 + 2]),
            "themas": "; ".join(THEMES[index % 4 : index % 4 + 2]),
            "sdgs": f"{index % 17 + 1}; {(index + 5) % 17 + 1}",
            "oprichtingsjaar": str(1960 + index % 60),
            "vrijwilligers": str(index % 50 + 1),
            "diaspora": "ja" if index % 3 == 0 else "nee",
            "missie": f"Wij steunen lokale partners, project {index}.",
            "historiek": f"Opgericht door vrijwilligers uit {city}.",
            "contactpersoon": f"Contact {index:04d}",
            "gepubliceerd": "ja" if index % 2 else "nee",
        }
        writer.writerow([values[column] for column in columns])
    return buffer.getvalue().encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--rows", type=int, default=ROWS)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"],
        setup_logging=True,
    )
    # Importable only once the configuration has set the addons path.
    from odoo.addons.pijler_support.models.pijler_databank_import import (
        COLUMNS,
    )

    data = build_file(args.rows, COLUMNS)
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Importer = env["pijler.databank.import"]
        start = time.perf_counter()
        result = Importer._import_file(data, filename="bench.csv")
        env.flush_all()
        elapsed = time.perf_counter() - start
        print(Importer._get_summary(result))
        # A second import of the same file finds every organisation unchanged.
        start = time.perf_counter()
        again = Importer._import_file(data, filename="bench.csv")
        env.flush_all()
        elapsed_again = time.perf_counter() - start
        print(Importer._get_summary(again))
        cr.rollback()
    print(
        f"{args.rows} rows in {elapsed:.2f} s: {args.rows / elapsed:.0f} rows/s "
        f"(target: under {TARGET_SECONDS:.0f} s for {ROWS} rows); "
        f"imported again in {elapsed_again:.2f} s"
    )
    if len(result.created) != args.rows or len(again.unchanged) != args.rows:
        print("FAIL: not every row was created, then found unchanged", file=sys.stderr)
        return 1
    if elapsed > TARGET_SECONDS * args.rows / ROWS:
        print("FAIL: slower than the target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time the public databank with 10,000 published organisations.

Usage (from the repository root)::

    PYTHONPATH=/opt/odoo .venv/bin/python bench/bench_directory.py \
        -c .odoo.conf -d pj_bench

The database is created with pijler_support when it does not exist, then
topped up to 10,000 published organisations; a second run reuses them. The
script then renders /databank with three filters through Odoo's own WSGI
application, in this process, and reports the median server time of
``REQUESTS`` requests. It exits with status 1 when the median exceeds
``TARGET_MS``.
"""

import argparse
import logging
import random
import re
import statistics
import sys
import time

from werkzeug.test import Client

import odoo
from odoo import Command
from odoo.tools import SQL, config

TARGET_MS = 150
ORGANISATIONS = 10_000
REQUESTS = 20
WARM_UP = 3
BATCH = 500

_logger = logging.getLogger("bench_directory")

# Postal codes spread over the three regions and all provinces.
ZIPS = [
    "1000", "1030", "1080", "1190",  # Brussels
    "2000", "2300", "2800",  # Antwerp
    "3000", "3200", "1500", "1800",  # Flemish Brabant
    "3500", "3600", "3900",  # Limburg
    "8000", "8500", "8800",  # West Flanders
    "9000", "9100", "9300",  # East Flanders
    "1300", "4000", "5000", "6000", "6700", "7000",  # Wallonia
]  # fmt: skip
COUNTRY_CODES = (
    "bj bf bi cm cd cg ci et gh gn ke mg ml mw mz ne ng rw sn sl tz tg ug za zm zw "
    "bo br co ec gt ht hn ni pe sv in np bd kh la ph vn id lk ma tn ps"
).split()
WORDS = (
    "Vrienden Hulp Samen Solidariteit Brug Partners Project Actie Kinderen "
    "School Water Toekomst Hoop Zorg Groep Kring Fonds Werkgroep"
).split()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument("-d", "--database", required=True)
    return parser.parse_args()


def ensure_database(db_name):
    if odoo.service.db.exp_db_exist(db_name):
        return
    _logger.info("Creating database %s with pijler_support", db_name)
    odoo.service.db._create_empty_database(db_name)
    config["init"] = {"pijler_support": 1}
    config["without_demo"] = "all"
    odoo.modules.registry.Registry.new(db_name, update_module=True)
    config["init"] = {}


def ensure_organisations(env):
    """Create published organisations until there are ORGANISATIONS of them."""
    Partner = env["res.partner"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_notrack=True
    )
    published = [("is_pillar_org", "=", True), ("pillar_state", "=", "published")]
    missing = ORGANISATIONS - Partner.search_count(published)
    if missing <= 0:
        return
    _logger.info("Creating %s published organisations", missing)
    rng = random.Random(missing)
    themes = env["pijler.theme"].search([]).ids
    sdgs = env["pijler.sdg"].search([]).ids
    expertise = env["pijler.expertise"].search([])
    if not expertise:  # a database without demo data has none
        expertise = expertise.create(
            [{"name": name} for name in ("Fondsenwerving", "Communicatie", "Subsidies")]
        )
    expertise = expertise.ids
    countries = (
        env["res.country"].search([("code", "in", [c.upper() for c in COUNTRY_CODES])])
    ).ids
    start = time.perf_counter()
    for offset in range(0, missing, BATCH):
        vals_list = []
        for number in range(offset, min(offset + BATCH, missing)):
            name = " ".join(rng.sample(WORDS, 2))
            vals_list.append(
                {
                    "name": f"{name} {number:05d}",
                    "ref": f"bench-{number:05d}",
                    "is_company": True,
                    "is_pillar_org": True,
                    "pillar_state": "published",
                    "country_id": env.ref("base.be").id,
                    "zip": rng.choice(ZIPS),
                    "city": "Bench",
                    "legal_form": rng.choice(["vzw", "de_facto", "foundation"]),
                    "is_diaspora_led": rng.random() < 0.15,
                    "mission": f"<p>{name} werkt samen met partners.</p>",
                    "theme_ids": [Command.set(rng.sample(themes, rng.randint(1, 3)))],
                    "activity_country_ids": [
                        Command.set(rng.sample(countries, rng.randint(1, 2)))
                    ],
                    "sdg_ids": [Command.set(rng.sample(sdgs, rng.randint(1, 3)))],
                    "expertise_ids": [
                        Command.set(rng.sample(expertise, rng.randint(0, 1)))
                    ],
                }
            )
        Partner.create(vals_list)
        env.cr.commit()
    # As autovacuum would after a while: plans need statistics on the new rows.
    for table in (
        "res_partner",
        "res_partner_pijler_theme_rel",
        "res_partner_activity_country_rel",
        "res_partner_pijler_sdg_rel",
        "res_partner_pijler_expertise_rel",
    ):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    env.cr.commit()
    _logger.info("Created them in %.0f s", time.perf_counter() - start)


def directory_url(env):
    """A page with three filters on: Flemish, education, SDG 4."""
    theme = env.ref("pijler_support.theme_education")
    sdg = env.ref("pijler_support.sdg_04")
    return f"/databank?region=flanders&theme={theme.id}&sdg={sdg.id}"


def measure(client, url):
    """Return the median time in ms, the queries per request and the page."""
    for _ in range(WARM_UP):  # routing map, templates and assets get built
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    timings = []
    queries_before = odoo.sql_db.sql_counter
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        response.get_data()
        timings.append((time.perf_counter() - start) * 1000)
    queries = (odoo.sql_db.sql_counter - queries_before) / REQUESTS
    return statistics.median(timings), queries, response.get_data(as_text=True)


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    logging.getLogger("odoo").setLevel(logging.WARNING)
    odoo.service.server.load_server_wide_modules()
    ensure_database(args.database)

    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        ensure_organisations(env)
        url = directory_url(env)
        total = env["res.partner"].search_count(
            env["res.partner"]._pillar_directory_domain()
        )

    client = Client(odoo.http.root)
    print(f"{total} published organisations in {args.database}")
    for label, page_url in (
        ("all organisations", "/databank"),
        ("text search", "/databank?search=water"),
    ):
        median, queries, _html = measure(client, page_url)
        print(f"  {label:<18} {median:6.1f} ms  {queries:.0f} queries  {page_url}")
    median, queries, html = measure(client, url)
    matches = re.search(r"(\d+) organisations", html)
    print(f"  {'three filters':<18} {median:6.1f} ms  {queries:.0f} queries  {url}")
    print(
        f"Median of {REQUESTS} requests with three filters: {median:.1f} ms "
        f"(target {TARGET_MS} ms; {matches and matches[1]} organisations match)"
    )
    if median > TARGET_MS:
        print("Over target.")
        sys.exit(1)


if __name__ == "__main__":
    main()

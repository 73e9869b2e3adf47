# The two commands of the README. Each is safe to run again.
ODOO_SRC ?= /opt/odoo
VENV ?= $(CURDIR)/.venv
DEMO_DB ?= pijler_demo
HTTP_PORT ?= 8069
export ODOO_SRC VENV HTTP_PORT

.PHONY: demo test setup lint format bench

## demo: set up, create or reuse the demo database and serve it on :8069
demo: setup
	@# A new database gets the addon and its demo data; an existing one is
	@# brought up to date with the code.
	if psql -lqt | cut -d'|' -f1 | grep -qw '$(DEMO_DB)'; then \
		step="-u pijler_support"; \
	else \
		step="-i pijler_support --without-demo= --load-language=nl_BE"; \
	fi; \
	$(VENV)/bin/python $(ODOO_SRC)/odoo-bin -c .odoo.conf -d $(DEMO_DB) \
		$$step --stop-after-init --log-level=warn
	@echo "Serving http://localhost:$(HTTP_PORT)/databank (admin / admin)"
	$(VENV)/bin/python $(ODOO_SRC)/odoo-bin -c .odoo.conf -d $(DEMO_DB) \
		--db-filter='^$(DEMO_DB)$$'

## test: set up, build a fresh test database and run every test
test:
	scripts/test.sh

setup:
	scripts/setup.sh

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pylint --rcfile=.pylintrc \
		--disable=prefer-env-translation,missing-readme pijler_support

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: run the benchmark scripts against the demo database
bench: setup
	PYTHONPATH=$(ODOO_SRC) $(VENV)/bin/python bench/bench_import.py -c .odoo.conf -d pijler_bench
	PYTHONPATH=$(ODOO_SRC) $(VENV)/bin/python bench/bench_directory.py -c .odoo.conf -d pijler_bench

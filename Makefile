# rexchange front door. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
# manage.py picks settings like every entry point (rexchange/settings_module.py):
# production unless told otherwise, so local targets ask for development settings.
DJANGO_SETTINGS_MODULE ?= rexchange.settings.dev
MANAGE := DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) $(BIN)/python manage.py

.DEFAULT_GOAL := help
.PHONY: help install run serve test test-faults contract lint format migrate demo check clean bench bench-ingest bench-cache

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): requirements/base.txt requirements/test.txt requirements/dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $(STAMP)

install: $(STAMP) .env ## Create .venv, install requirements/dev.txt, write a development .env

# A development checkout runs development settings everywhere, bare `manage.py` included;
# an existing .env is never touched. Production sets DJANGO_SETTINGS_MODULE itself.
.env:
	@printf '%s\n' '# Written by `make install` for development; see .env.example.' \
	  'DJANGO_SETTINGS_MODULE=rexchange.settings.dev' > .env
	@echo "Wrote .env: manage.py, Celery and the WSGI app use development settings here."

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo content (idempotent)
	$(MANAGE) load_demo

run: demo ## Install, migrate, load demo content and serve on http://127.0.0.1:$(PORT)/
	$(MANAGE) ensure_admin
	@echo "Scheduled publishing (go-live and expiry dates) needs one more command, in"
	@echo "another terminal: .venv/bin/celery -A rexchange worker --beat --loglevel=INFO"
	@echo "(with CELERY_BROKER_URL and CACHE_URL set; see README, Scheduling and previews)."
	$(MANAGE) runserver 127.0.0.1:$(PORT)

serve: demo ## Production-shaped: Varnish on $(PORT) in front of gunicorn, DATABASE_URL
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/production.txt
	PORT=$(PORT) deploy/serve

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Test processes (pytest-xdist); each file runs whole in one of them, files in the order
# pytest-django sorts them (transactional tests after the rest, see tests/conftest.py),
# not xdist's biggest-first. Up to three keep the per-process Redis databases apart
# (rexchange/settings/test.py).
TEST_WORKERS ?= 2

test: lint ## Lint, then run the test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m pytest --ignore=tests/faults -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

test-faults: install ## The fault suite: private PostgreSQL/Redis stopped under a running site
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/production.txt
	$(BIN)/python -m pytest tests/faults -p no:randomly

contract: install ## schemathesis --checks all against a live gunicorn (fresh database)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/production.txt
	deploy/contract-check

bench: bench-ingest bench-cache ## Run every benchmark (measurements, not tests)

bench-cache: demo ## Pages and API req/s, uncached and through Varnish, as ratios to a WSGI hello
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/production.txt
	$(BIN)/python deploy/bench.py

bench-ingest: migrate ## Parse and store a generated 1,000-item feed: items/s and SQL statements
	$(MANAGE) bench_ingest

check: install ## Django system checks and missing-migration check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

clean: ## Remove the virtualenv, local database and generated files
	rm -rf $(VENV) db.sqlite3 var .pytest_cache .ruff_cache

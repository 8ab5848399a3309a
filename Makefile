# rexchange front door. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test lint format migrate demo check clean bench bench-ingest

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): requirements/base.txt requirements/test.txt requirements/dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install requirements/dev.txt (only when they change)

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo content (idempotent)
	$(BIN)/python manage.py load_demo

run: demo ## Install, migrate, load demo content and serve on http://127.0.0.1:$(PORT)/
	$(BIN)/python manage.py ensure_admin
	@echo "Scheduled publishing (go-live and expiry dates) needs one more command, in"
	@echo "another terminal: .venv/bin/celery -A rexchange worker --beat --loglevel=INFO"
	@echo "(with CELERY_BROKER_URL and CACHE_URL set; see README, Scheduling and previews)."
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint ## Lint, then run the test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m pytest

bench: bench-ingest ## Run every benchmark (measurements, not tests)

bench-ingest: migrate ## Parse and store a generated 1,000-item feed: items/s and SQL statements
	$(BIN)/python manage.py bench_ingest

check: install ## Django system checks and missing-migration check
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean: ## Remove the virtualenv, local database and generated files
	rm -rf $(VENV) db.sqlite3 var .pytest_cache .ruff_cache

# QIC — the two commands: `make run` and `make test`. See README.md.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint format worker migrate demo update-query-counts screenshots clean bench loadtest wrk prod-check

help:
	@echo "make run      installe, migre, charge la démo et lance le serveur sur http://$(HOST):$(PORT)"
	@echo "make test     ruff, couches (import-linter), gabarits (djLint), vérifications Django, migrations à jour et toute la suite de tests"
	@echo "make worker   worker Celery et planificateur (beat) sur CELERY_BROKER_URL"
	@echo "make prod-check  répétition de production (PostgreSQL, Redis, Procfile, parcours HTTP)"
	@echo "make format   formate le code (ruff)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input

demo: migrate
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo

run: demo
	@echo "QIC sur http://$(HOST):$(PORT)/ (Ctrl+C pour arrêter)"
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# ruff, the layers of docs/architecture.md ([tool.importlinter] in pyproject.toml) and
# the templates ([tool.djlint]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djlint templates --lint

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	DJANGO_SETTINGS_MODULE=qic.settings_test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=qic.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# Each persona's home, a site's workspace, a meeting and the map, at the desktop's and the
# phone's sizes, on the demo's data: test-output/screenshots/<persona>-<page>-<size>.png.
screenshots: install
	rm -rf test-output/screenshots
	QIC_SCREENSHOTS=1 $(BIN)/pytest -p no:xdist tests/browser/test_screenshots.py

# Rewrite tests/query_counts.json after an intended change of a page's query count.
update-query-counts: install
	$(BIN)/pytest -p no:xdist --update-query-counts $(PYTEST_ARGS)

worker: install
	@test -n "$$CELERY_BROKER_URL" || { echo "CELERY_BROKER_URL n'est pas défini (ex. redis://127.0.0.1:6379/0)"; exit 1; }
	$(BIN)/celery -A qic worker --beat --loglevel=INFO

# Production rehearsal (docs/deployment.md): the Procfile's processes with production
# settings on this machine's PostgreSQL and Redis, a journey through HTTP, then cleanup.
prod-check: install
	$(BIN)/python deploy/prod_check.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache

# Performance (docs/performance.md), on PostgreSQL: BENCH_DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432/qic_bench, built with seed_scale when absent.
SITES ?= 1600
bench: install wrk
	$(BIN)/python -m bench.run --sites $(SITES)

# The load generator of `make bench`: Debian's wrk, installed when this machine lacks it.
wrk:
	@command -v wrk >/dev/null 2>&1 || { echo "wrk est absent : installation du paquet Debian"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

loadtest: install
	$(BIN)/python -m bench.loadtest --sites $(SITES)

# Panorama: two commands for a newcomer — `make run` and `make test`. `make install` is what both use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.13, as .python-version says: pyenv's when there is one, else python3.13 on the PATH.
PYTHON ?= $(shell (command -v pyenv >/dev/null && pyenv which python3.13 2>/dev/null) || command -v python3.13 || ls -d $$HOME/.pyenv/versions/3.13*/bin/python 2>/dev/null | tail -1)
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= $(or $(PANORAMA_DATA_DIR),var)
# Each work tree may name its own database (PANORAMA_PG_DB) so parallel test runs do not collide.
PANORAMA_PG_DB ?= panorama
export PANORAMA_PG_DB
PG_URL := postgres://panorama:panorama@127.0.0.1:5432/$(PANORAMA_PG_DB)
export PANORAMA_DATA_DIR := $(abspath $(DATA_DIR))

.PHONY: help install run test test-sqlite test-postgres services bench lint demo-uk clean

help:
	@echo "make run    - install, migrate, load the demo and serve http://127.0.0.1:8000"
	@echo "make test   - the whole suite, on SQLite and on PostgreSQL, with real-browser tests"
	@echo "make bench  - run the benchmarks in bench/ and write docs/performance.md"
	@echo "make lint   - ruff"

install: $(VENV)/.stamp node_modules/.stamp staticfiles/.stamp

$(VENV)/.stamp: requirements.txt requirements-dev.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.13 is needed (pyenv install 3.13)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

staticfiles/.stamp: node_modules/.stamp $(VENV)/.stamp $(shell find panorama/static -type f 2>/dev/null)
	$(BIN)/panorama collectstatic --noinput -v0
	@touch $@

run: install
	$(BIN)/panorama migrate -v0
	@test -f $(DATA_DIR)/.demo-loaded || { $(BIN)/panorama demo && touch $(DATA_DIR)/.demo-loaded; }
	@$(BIN)/panorama demo --sign-ins
	@# The worker runs beside the server: open data after a return is accepted, reports, large uploads.
	@$(BIN)/panorama worker >/dev/null & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  PANORAMA_HTTPS=$${PANORAMA_HTTPS:-false} PANORAMA_REQUIRE_2FA=$${PANORAMA_REQUIRE_2FA:-false} \
	  $(BIN)/panorama serve --host 127.0.0.1 --port 8000

# Installs and starts what the suite needs (Chromium, PostgreSQL), then runs it once per database.
test: install services lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== Test suite on SQLite =="
	PANORAMA_HTTPS=false DATABASE_URL= $(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== Test suite on PostgreSQL =="
	PANORAMA_HTTPS=false DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

services:
	@bash scripts/test-services.sh

lint: $(VENV)/.stamp
	$(BIN)/ruff check panorama tests bench
	$(BIN)/ruff format --check panorama tests bench

bench: install services
	PANORAMA_HTTPS=false $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles

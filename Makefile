# Thi Đua – the two commands: `make run` and `make test`. Only python3 is needed to start.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/thidua
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/thidua_bench
PYTEST_WORKERS ?= 2
# The settings start with DEBUG off unless told (a bare server runs as production and needs a SECRET_KEY): the
# commands below (migrate, the demo's seed, lint's checks, the tests) run as development, DEBUG on. `make run`
# still serves the demo with DEBUG off and its own generated key (RUN_ENV).
export DEBUG ?= true

.PHONY: run test test-sqlite test-postgres test-browser lint bench migrate demo clean help screenshots

help:
	@echo "make run    – install, migrate SQLite, load the demo, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   – lint, then the suite on SQLite, on PostgreSQL, and the browser tests in Chromium"
	@echo "make bench  – benchmarks (QUICK=1 for small sizes)"
	@echo "make screenshots – a PNG of every key page for every demo login, phone and desktop, in screenshots/"

$(VENV)/.base-installed: requirements/base.txt
	@scripts/ensure_system_libs.sh
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.test-installed: $(VENV)/.base-installed requirements/test.txt
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	@touch $@

migrate: $(VENV)/.base-installed
	$(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	$(BIN)/python manage.py seed_demo -v0

# The demo runs as production would (DEBUG off): the product's own Vietnamese 403/404/500 pages, static files
# through whitenoise; cookies without the Secure flag because runserver speaks plain HTTP on 127.0.0.1.
RUN_ENV = DEBUG=false SECRET_KEY="$$(cat .demo-secret-key)" SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false

.demo-secret-key:
	@$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: demo .demo-secret-key
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@$(BIN)/python manage.py demo_logins --port $(PORT)
	$(RUN_ENV) $(BIN)/python scripts/run.py --port $(PORT)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/python scripts/check_house.py
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/python manage.py check --fail-level WARNING

test-sqlite: $(VENV)/.test-installed
	@echo "=== pass 1/3: the suite on SQLite"
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS)

test-postgres: $(VENV)/.test-installed
	@echo "=== pass 2/3: the same suite on PostgreSQL"
	@$(BIN)/python scripts/check_postgres.py "$(PG_URL)"; status=$$?; \
	if [ $$status -eq 0 ]; then \
	  DATABASE_URL="$(PG_URL)" $(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS); \
	elif [ $$status -eq 2 ]; then exit 0; else exit $$status; fi

test-browser: $(VENV)/.test-installed
	@echo "=== pass 3/3: browser tests in headless Chromium"
	@bash scripts/ensure_chromium.sh
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -m browser -p no:xdist

test: lint test-sqlite test-postgres test-browser

bench: $(VENV)/.test-installed
	@$(BIN)/python scripts/check_postgres.py "$(BENCH_PG_URL)" --create; status=$$?; \
	if [ $$status -eq 0 ]; then url="$(BENCH_PG_URL)"; else url="sqlite:///$(CURDIR)/bench.sqlite3"; fi; \
	DATABASE_URL="$$url" $(BIN)/python manage.py migrate --noinput -v0 && \
	DATABASE_URL="$$url" $(BIN)/python -m bench.run $(if $(QUICK),--quick,)

# A throwaway demo database (never db.sqlite3), served as `make run` serves it, photographed in Chromium.
screenshots: $(VENV)/.test-installed
	@bash scripts/ensure_chromium.sh
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 bench.sqlite3

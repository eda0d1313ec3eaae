# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench lint stop clean chromium messages

$(VENV)/.run-deps: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt $(VENV)/.run-deps
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

## Start everything: embedded PostgreSQL + Redis (unless DATABASE_URL / REDIS_URL), web, worker, beat.
run: $(VENV)/.run-deps
	$(PY) manage.py runstack --port $(PORT)

## Set up and run the whole test suite (real PostgreSQL, real Redis, a real Celery worker, real Chromium).
## Embedded servers that were not running before are stopped afterwards.
test: $(VENV)/.dev-deps chromium
	@before=$$($(PY) -m config.embedded status); \
	$(PY) manage.py check && \
	$(PY) manage.py makemigrations --check --dry-run && \
	$(MAKE) --no-print-directory lint && \
	$(PY) -m pytest; \
	status=$$?; \
	if [ "$$before" = "stopped" ]; then $(PY) -m config.embedded stop; fi; \
	exit $$status

## Benchmarks: one JSON line per figure (BENCH_SCALE sets the vehicle count, default 200000).
bench: $(VENV)/.dev-deps
	$(PY) bench/catalog_search.py
	$(PY) bench/csv_import.py
	$(PY) bench/rescreen.py
	$(PY) bench/health.py
	$(PY) bench/screening.py

## Style and structure: ruff (PLC0415: imports at the top) and import-linter (the layers of architecture.md).
lint: $(VENV)/.dev-deps
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

## Debian's Chromium for the browser tests (never a downloaded browser build).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium package (sudo apt-get install chromium); they will be skipped."; fi; }

## Stop the embedded PostgreSQL and Redis (data stays in .dev/).
stop: $(VENV)/.run-deps
	$(PY) -m config.embedded stop

## Stop the embedded servers and delete all local data.
clean:
	-$(PY) -m config.embedded reset
	rm -rf .dev staticfiles

## Re-extract translatable strings (then translate locale/*/LC_MESSAGES/django.po and compile).
messages: $(VENV)/.dev-deps
	$(PY) manage.py makemessages -l ja -l ru -l zh_Hans --ignore=.venv --ignore=.dev --ignore=staticfiles --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench lint stop clean chromium fonts icu messages

$(VENV)/.run-deps: requirements.txt | icu
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt $(VENV)/.run-deps
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

## Start everything: embedded PostgreSQL + Redis (unless DATABASE_URL / REDIS_URL), web, worker, beat.
run: $(VENV)/.run-deps fonts
	$(PY) manage.py runstack --port $(PORT)

## Set up and run the whole test suite (real PostgreSQL, real Redis, a real Celery worker, real Chromium).
## Embedded servers that were not running before are stopped afterwards.
test: $(VENV)/.dev-deps chromium fonts
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
	$(PY) bench/orders.py
	$(PY) bench/documents.py
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

## PyICU (transliteration for party screening: Cyrillic, Chinese, Japanese names) builds against Debian's libicu-dev.
ICU_PACKAGES := libicu-dev pkg-config g++
icu:
	@if pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(ICU_PACKAGES) >/dev/null; \
	else echo "Installing PyICU needs Debian's $(ICU_PACKAGES) (sudo apt-get install $(ICU_PACKAGES))."; fi

## Debian's Noto fonts for the papers (PDF): Japanese, Chinese and Russian text must print as text, not boxes.
## WeasyPrint also needs Pango, and HarfBuzz's subsetter to embed only the glyphs a paper uses (fast).
FONT_PACKAGES := fonts-noto-cjk fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
fonts:
	@if fc-list 2>/dev/null | grep -q "Noto Sans CJK" && fc-list 2>/dev/null | grep -q "NotoSans-Regular" \
	    && ldconfig -p 2>/dev/null | grep -q libpangoft2 && ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_PACKAGES) >/dev/null; \
	else echo "Papers (PDF) need Debian's $(FONT_PACKAGES) (sudo apt-get install $(FONT_PACKAGES)); without them Japanese, Chinese and Russian text will not print."; fi

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

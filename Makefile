# Desmigratif — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PEOPLE ?= 1200

.PHONY: help uv install messages demo serve test test-sqlite test-fast check lint typecheck i18n-check browser clean bench

help:
	@echo "make demo   install, migrate, load regions and demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test   install and run the whole test suite (DATABASE_URL picks the database)"
	@echo "make check  ruff, mypy, makemigrations --check, message catalogues"
	@echo "make bench  benchmarks (prints figures; see bench/README.md)"

# uv is the only tool we bootstrap; everything else comes from uv.lock.
uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
		$(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv

install: uv
	$(UV) sync --frozen
	@$(MAKE) --no-print-directory messages

# Compile the .po catalogues with Babel (pure Python: no gettext tools needed to run the app).
messages:
	$(RUN) pybabel compile --domain django --directory desmigratif/locale

demo: install
	@mkdir -p var
	$(RUN) python manage.py migrate --noinput
	$(RUN) python manage.py seed_demo --people $(DEMO_PEOPLE)
	@echo
	@echo "Serving the demo on http://$(HOST):$(PORT)/  (Ctrl+C stops it; background tasks log to var/worker.log)"
	@$(RUN) python manage.py db_worker --no-reload --interval 2 >var/worker.log 2>&1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(RUN) python manage.py runserver --noreload $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then (apt-get update -qq && apt-get install -y -qq chromium >/dev/null); \
		else echo "Chromium is missing: run 'sudo apt-get install chromium' (needed by the browser tests)." >&2; exit 1; fi; \
	fi

test: install browser
	@mkdir -p var
	$(RUN) pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# The code paths that differ by database, run on SQLite whatever DATABASE_URL says.
test-sqlite: install
	@mkdir -p var
	DATABASE_URL=sqlite:///var/test.sqlite3 $(RUN) pytest -n 2 -m "not browser" $(PYTEST_ARGS)

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck: install
	$(RUN) mypy desmigratif conftest.py bench

# Every user-facing string must be in the id and en catalogues, translated and not fuzzy.
i18n-check: install
	@command -v xgettext >/dev/null 2>&1 || { echo "xgettext is missing: apt-get install gettext" >&2; exit 1; }
	cd desmigratif && $(RUN) python ../manage.py makemessages --locale id --locale en --no-location --no-obsolete >/dev/null
	$(RUN) python scripts/check_messages.py desmigratif/locale

check: lint typecheck i18n-check
	@mkdir -p var
	DATABASE_URL=sqlite:///var/check.sqlite3 $(RUN) python manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=check-only-$$RANDOM-not-a-real-key-0123456789abcdefghijklmnop ALLOWED_HOSTS=example.org \
		$(RUN) python manage.py check --deploy --fail-level WARNING

# DATABASE_URL=postgres://… benchmarks PostgreSQL (database desm_bench); BENCH_ARGS="--people 1000000 --rebuild".
bench: install
	@mkdir -p var
	$(RUN) python bench/people_list.py $(BENCH_ARGS)

clean:
	rm -rf var/ .venv/ .mypy_cache/ .ruff_cache/

# fieldbot — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PKGS   := bot handlers models scheduler tests bench

.PHONY: demo test run lint format typecheck pytest i18n i18n-extract i18n-update i18n-compile i18n-check venv clean

venv: $(STAMP)

# (Re)install whenever pyproject.toml changes; a missing venv is created first.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: venv
	$(BIN)/fieldbot demo

run: venv
	$(BIN)/fieldbot run

test: venv lint typecheck pytest

lint: venv
	$(BIN)/ruff check $(PKGS)
	$(BIN)/ruff format --check $(PKGS)
	$(BIN)/lint-imports --no-cache

format: venv
	$(BIN)/ruff check --fix $(PKGS)
	$(BIN)/ruff format $(PKGS)

typecheck: venv
	$(BIN)/mypy $(PKGS)

# One test process per core (at most 4): each has its own SQLite files, PostgreSQL database and
# Redis key prefix (tests/conftest.py). `worksteal` evens out the few tests of a minute.
pytest: venv
	$(BIN)/python -m pytest --numprocesses auto --maxprocesses 4 --dist worksteal

# Translations: extract msgids from the code, merge them into every catalog, compile to check.
i18n: i18n-extract i18n-update i18n-compile

i18n-extract: venv
	$(BIN)/pybabel extract --mapping-file=babel.cfg --keywords=__ --keywords=_ \
		--keywords=N_ --keywords=Nn_:1,2 --keywords=ngettext:1,2 --keywords=lazy_ngettext:1,2 --no-location --sort-output \
		--project=fieldbot --copyright-holder="fieldbot contributors" \
		--msgid-bugs-address="" --output-file=locales/messages.pot bot handlers models scheduler

i18n-update: venv
	$(BIN)/pybabel update --input-file=locales/messages.pot --output-dir=locales \
		--domain=messages --no-fuzzy-matching --ignore-obsolete

i18n-compile: venv
	$(BIN)/pybabel compile --directory=locales --domain=messages --statistics

# What a translator runs: every language's missing, untranslated, fuzzy, obsolete entries.
i18n-check: venv
	$(BIN)/python -m pytest tests/unit/test_catalogs.py -q -p no:cacheprovider

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache

# The two commands for a newcomer: `make run` (the app with demo data on SQLite) and
# `make test` (ruff and the whole test suite, on SQLite and, when it answers, PostgreSQL).

PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test lint pytest pytest-sqlite pytest-postgres system-deps vendor clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	VTH_ENV=development $(BIN)/vth db upgrade
	VTH_ENV=development $(BIN)/vth demo --als-leeg
	@echo "De app draait op http://127.0.0.1:$(PORT)  (stoppen: Ctrl-C)"
	VTH_ENV=development $(BIN)/vth run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.test-installed system-deps lint pytest

system-deps:
	@bash scripts/system-deps.sh

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

pytest: pytest-sqlite pytest-postgres

pytest-sqlite: $(VENV)/.test-installed
	env -u VTH_TEST_DATABASE_URL $(BIN)/pytest -q

# Runs the whole suite again on PostgreSQL when VTH_TEST_DATABASE_URL is set or PostgreSQL
# answers on localhost; says so plainly when it is skipped.
pytest-postgres: $(VENV)/.test-installed
	@url=$$($(BIN)/python scripts/postgres_url.py); \
	if [ -n "$$url" ]; then \
		echo "PostgreSQL: $$url"; VTH_TEST_DATABASE_URL="$$url" $(BIN)/pytest -q; \
	else \
		echo "PostgreSQL antwoordt niet op localhost en VTH_TEST_DATABASE_URL is niet gezet: alleen SQLite getest."; \
	fi

# Benchmarks: every bench/*.py prints figures and ratios against a baseline of the same run.
bench: $(VENV)/.test-installed
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" -eq 0 ] && apt-get install -y -q wrk >/dev/null || sudo apt-get install -y -q wrk >/dev/null; }
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

vendor:
	$(PYTHON) scripts/vendor.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

# The two commands for a newcomer: `make run` (the app with demo data on SQLite) and
# `make test` (ruff and the whole test suite, on SQLite and, when it answers, PostgreSQL).

PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: run test lint pytest pytest-sqlite pytest-postgres pytest-tijdreis system-deps vendor clean bench

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

test: $(VENV)/.test-installed system-deps lint pytest pytest-tijdreis

system-deps:
	@bash scripts/system-deps.sh

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

pytest: pytest-sqlite pytest-postgres

# Two workers (pytest-xdist), one test file per worker at a time: files that share a Redis
# database or a port keep their tests together. WORKERS=0 runs in one process.
WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -n $(WORKERS) --dist loadfile

pytest-sqlite: $(VENV)/.test-installed
	env -u VTH_TEST_DATABASE_URL $(PYTEST)

# Runs the whole suite again on PostgreSQL when VTH_TEST_DATABASE_URL is set or PostgreSQL
# answers on localhost; says so plainly when it is skipped.
pytest-postgres: $(VENV)/.test-installed
	@url=$$($(BIN)/python scripts/postgres_url.py); \
	if [ -n "$$url" ]; then \
		echo "PostgreSQL: $$url"; VTH_TEST_DATABASE_URL="$$url" $(PYTEST); \
	else \
		echo "PostgreSQL antwoordt niet op localhost en VTH_TEST_DATABASE_URL is niet gezet: alleen SQLite getest."; \
	fi

# The date-sensitive tests again on SQLite with the machine's clock moved (Debian's faketime): the
# app's clock is frozen by the tests, so nothing may read the real date elsewhere. Every one of
# them on the farthest day; the clock, planning, deadline and start-page tests on all three
# (the whole set takes about 5 minutes a day, too much three times within CI's budget).
TIJDREIS_DAGEN := 2026-12-06 2027-07-01 2031-03-15
TIJDREIS_VER := 2031-03-15
DATUMKERN := tests/test_klok.py tests/test_planning_operations.py tests/test_termijnen_per_ronde.py \
	tests/test_plan_naar_visitatie.py tests/test_startpagina.py
DATUMTESTS := $(DATUMKERN) tests/test_planning_conflicten.py tests/test_visitaties.py \
	tests/test_editie.py tests/test_raad.py tests/test_monitoring_regels.py
pytest-tijdreis: $(VENV)/.test-installed
	@for dag in $(TIJDREIS_DAGEN); do \
		if [ "$$dag" = "$(TIJDREIS_VER)" ]; then tests="$(DATUMTESTS)"; else tests="$(DATUMKERN)"; fi; \
		echo "faketime $$dag: de datumgevoelige tests"; \
		env -u VTH_TEST_DATABASE_URL faketime "$$dag 12:00:00" $(PYTEST) -m "not browser and not zwaar" \
			$$tests || exit 1; \
	done

# Benchmarks: every bench/*.py prints figures and ratios against a baseline of the same run.
bench: $(VENV)/.test-installed
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" -eq 0 ] && apt-get install -y -q wrk >/dev/null || sudo apt-get install -y -q wrk >/dev/null; }
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

vendor:
	$(PYTHON) scripts/vendor.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

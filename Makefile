# Portal Satu Data Kaltim. `make run` serves the dashboard; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050
export HOST PORT

.PHONY: run test system-packages etl lint format bench clean

# The stamp files make a second `make run` skip installing when requirements did not change.
$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(BIN)/python -m etl bootstrap
	@echo "Portal Satu Data Kaltim: http://$(HOST):$(PORT)"
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py app:server

# Chromium, PostgreSQL and fonts from Debian: installed as root, else named with the command (exit 2).
system-packages:
	@tests/system-packages.sh

test: system-packages $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

etl: $(VENV)/.installed
	$(BIN)/python -m etl run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks (not tests): each script in BENCH runs and prints its figures (see docs/benchmarks.md).
BENCH ?= bench/etl_load.py bench/load_test.py bench/scale.py bench/reload.py bench/browser.py bench/lighthouse.py
bench: system-packages $(VENV)/.installed-dev
	@for script in $(BENCH); do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) data/portal.db data/portal.db-wal data/portal.db-shm data/portal.db.etl.lock

# Portal Satu Data Kaltim. `make run` serves the dashboard; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8050
export HOST PORT

.PHONY: run test system-packages lock etl lint format bench clean

# `make run` installs requirements.lock and `make test` requirements-dev.lock: exact versions with their hashes
# (pip refuses any other file). The stamp files make a second `make run` skip installing unless a lock changed.
$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

# The locks are made from requirements.txt and requirements-dev.txt, the ranges edited by hand. `make lock`
# refreshes both, keeping every pin the ranges still allow (`make lock UPGRADE=1`: the newest allowed); the dev
# lock is constrained by the runtime one, so both hold the same versions. pip-compile runs from a throwaway venv,
# so the tool is not in the dev lock it writes, and against PyPI only (no pip.conf, no PIP_* index settings), so
# the hashes are those of the files a fresh machine downloads. Resolved for Python 3.11 on Linux.
PIP_TOOLS := pip==26.3 pip-tools==7.6.2
PYPI_ONLY := env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_NO_INDEX -u PIP_CONSTRAINT \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock"
COMPILE = $(PYPI_ONLY) "$$tmp/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && $(PYPI_ONLY) "$$tmp/bin/pip" install --quiet $(PIP_TOOLS) && \
	$(COMPILE) -o requirements.lock requirements.txt && \
	$(COMPILE) -c requirements.lock -o requirements-dev.lock requirements-dev.txt

run: $(VENV)/.installed
	$(BIN)/python -m etl bootstrap
	@echo "Portal Satu Data Kaltim: http://$(HOST):$(PORT)"
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py 'app:create_app()'

# Chromium, PostgreSQL and fonts from Debian: installed as root, else named with the command (exit 2).
system-packages:
	@tests/system-packages.sh

# Two test workers per core, at most eight: a browser test spends much of its time waiting on Chromium and its
# server, so one worker per core leaves the cores half idle (2 cores: 19 min with 2 workers, 14 min with 4).
TEST_WORKERS ?= $(shell n=$$(( $$(nproc) * 2 )); [ $$n -gt 8 ] && n=8; echo $$n)
test: system-packages $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

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

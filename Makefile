# Two commands do all the set-up: `make run` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTHON ?= python3

.PHONY: install run test lint messages vendor-check bench load

SCALE ?= city

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Refresh the zh-Hans catalogue after changing source strings, then translate and compile.
messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location --ignore=.venv --ignore=static
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

vendor-check:
	$(PYTHON) scripts/vendor_assets.py --check

# Benchmark against raw SQL on PostgreSQL (bench/README.md); the first run generates the data.
bench: install
	$(PY) bench/run.py --scale $(SCALE)

# Bounded load run with locust: 50 users for 5 minutes (bench/README.md).
load: install
	$(PY) bench/load.py --scale $(SCALE)

# Delaktig: the interface. `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_SETTINGS := config.settings.dev
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test setup lint fmt e2e bench bench-load messages compilemessages migrate demo system-deps clean check-deploy unit

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) system-deps compilemessages

# Debian packages the project needs: Chromium for browser tests, gettext for catalogues.
system-deps:
	@bash scripts/system-deps.sh

compilemessages: $(STAMP)
	@$(PY) manage.py compilemessages --ignore='.venv/*' -v 0

messages: $(STAMP)
	bash scripts/messages.sh
	@echo "Translate the new entries in the .po files, then run: make compilemessages"

migrate: setup
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup lint
	$(VENV)/bin/pytest -n 2 --dist loadgroup

unit: setup
	$(VENV)/bin/pytest -n 2 --dist loadgroup -m "not e2e"

e2e: setup
	$(VENV)/bin/pytest -m e2e e2e

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/deadcode.py

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) bench/counting.py
	$(PY) bench/pages.py
	$(PY) bench/code_sheet.py
	$(PY) bench/seal.py --ballots 20000
	$(PY) bench/dialogue_report.py
	$(PY) bench/dialogue.py
	$(PY) bench/followup.py
	$(PY) bench/following.py
	$(PY) bench/council_report.py
	$(PY) bench/meetings.py
	$(PY) bench/associations.py
	$(PY) bench/forums.py

# Needs the PostgreSQL server (127.0.0.1:5432): gunicorn under a voting rush, then SIGKILL.
bench-load: setup
	$(PY) bench/load.py

check-deploy: setup
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64) BALLOT_LOCATOR_KEY=$$(head -c 48 /dev/urandom | base64) \
	PERSONNUMMER_HASH_KEY=$$(head -c 48 /dev/urandom | base64) VOTING_CODE_KEY=$$(head -c 48 /dev/urandom | base64) \
	RECEIPT_KEY=$$(head -c 48 /dev/urandom | base64) \
	ACCESSIBILITY_CONTACT_EMAIL=tillganglighet@delaktig.example.se \
	ALLOWED_HOSTS=delaktig.example.se DJANGO_SETTINGS_MODULE=config.settings.prod \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 .test-media staticfiles

# The newcomer's two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
PORT ?= 8000

.PHONY: run test setup database messages lint format clean bench-load bench-public

run: setup database ## set up, migrate, load the program, serve on http://127.0.0.1:$(PORT) (PORT=8000) with a job worker
	@# The background jobs' worker beside the web server, stopped with it (Ctrl-C stops both).
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py procrastinate worker & worker=$$!; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: .env $(VENV)/.dev-installed node_modules/.installed messages ## install the dev tools and run every test
	$(VENV)/bin/pytest

setup: .env $(VENV)/.installed node_modules/.installed messages

database: setup
	$(PY) manage.py create_database
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_program
	$(PY) manage.py create_first_admin

.env:
	cp .env.example .env

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -r requirements-dev.txt
	touch $(VENV)/.installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: ## compile the translations (needs gettext's msgfmt)
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install gettext (apt-get install gettext)"; exit 1; }
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench-load: .env $(VENV)/.bench-installed ## 20 users for 60 s against gunicorn (2 workers × 4 threads), scale 10
	$(PY) bench/load.py

bench-public: .env $(VENV)/.bench-installed ## 200 public clients beside the 20 staff users for 60 s (Redis db 7)
	$(PY) bench/public_load.py

$(VENV)/.bench-installed: requirements.txt requirements-dev.txt requirements-bench.txt | $(VENV)/bin/python
	$(PIP) install -r requirements-bench.txt
	touch $(VENV)/.installed $(VENV)/.dev-installed $@

clean:
	rm -rf $(VENV) node_modules staticfiles

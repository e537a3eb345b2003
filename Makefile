# The two commands a newcomer needs: `make dev` and `make test`. Both install what they use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
# uv from PATH if present, else a private copy under .tools/ (installed with pip on first use).
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: help install dev test web-types web-screenshots lint format check-deploy compose-test bench bench-data bench-web clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

install: $(UV) ## Create .venv from the lock file (every service, servicekit and dev tools)
	$(UV) sync --all-packages --locked

dev: install ## Run the whole suite on 127.0.0.1 with an embedded PostgreSQL (Ctrl-C stops it)
	$(VENV)/bin/python -m devstack

test: install ## Run every test: the web client's, then the suite on real PostgreSQL (embedded unless TEST_DATABASE_URL is set)
	scripts/web.sh test
	$(VENV)/bin/pytest

web-types: install ## Regenerate the web client's API types (web/src/api/schema.d.ts) from the services
	scripts/web.sh types

web-screenshots: install ## Retake the README's screenshots of the web client (docs/screenshots), by its journeys
	scripts/web.sh journey-tools
	SCREENSHOT_DIR=$(CURDIR)/docs/screenshots $(VENV)/bin/pytest tests/web -p no:randomly \
		-k "company_page_and_its_tabs or moves_applications"

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-deploy: install ## Check compose files, Dockerfile and .travis.yml offline (no Docker needed)
	scripts/check-deploy.sh

compose-test: install ## Build every image and run the dev and staging compose stacks with the journeys (var/containers/report.md)
	scripts/containers.sh

bench: install ## Load the scale data (once), drive the hot reads with wrk, write bench/REPORT.md
	$(VENV)/bin/python bench/run.py

bench-data: install ## (Re)load the scale data set into the benchmark's own database
	$(VENV)/bin/python bench/run.py --data-only

bench-web: install ## The web client's initial JavaScript and a company page's cold load, printed
	$(VENV)/bin/python bench/web.py

format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## Remove the environment and local state (the dev database too)
	rm -rf $(VENV) .tools var .pytest_cache .ruff_cache web/node_modules web/dist

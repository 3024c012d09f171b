# README's two commands: `make serve` and `make test`. Each sets itself up from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed

.PHONY: serve test build check clean schema check-changes review-report linkcheck bench diagrams

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: $(STAMP)
	$(PY) -m pytest

# PUBLISH=1 builds the production site: drafts stop it or are left out (extra.review_policy in mkdocs.yml).
build: $(STAMP)
	LLR_PUBLISH=$(if $(PUBLISH),1,0) $(PY) hooks/cli.py build

check: $(STAMP)
	$(PY) hooks/cli.py check

clean:
	rm -rf site .site-* $(VENV)

# Draw the ```mermaid diagrams missing from diagrams/ with Graphviz and remove unused drawings; commit
# diagrams/ (a build draws what is missing too, when Graphviz is installed). hooks/diagrams.py.
diagrams: $(STAMP)
	$(PY) hooks/cli.py diagrams

schema: $(STAMP)
	$(PY) hooks/cli.py schema

# Change control for pull requests: `make check-changes BASE=origin/main`.
BASE ?= origin/main
check-changes: $(STAMP)
	$(PY) hooks/cli.py check-changes $(BASE)

# For a scheduled job: FORMAT=markdown for a Markdown report.
review-report: $(STAMP)
	$(PY) hooks/cli.py review-report $(if $(filter markdown,$(FORMAT)),--markdown,)

# External links, over the network, so never part of `make test`. TIMEOUT=30 for slow sites.
linkcheck: $(STAMP)
	$(PY) hooks/cli.py linkcheck $(if $(TIMEOUT),--timeout $(TIMEOUT),)

# Check and build times on a synthetic manual; the 3,000-page builds take minutes. bench/README.md.
SIZES ?= 300 3000
REPEAT ?= 1
# Then the page budget of the real site: bytes per page and Lighthouse (bench/pages.py; npm, offline).
bench: $(STAMP)
	$(PY) bench/run.py --repeat $(REPEAT) $(SIZES)
	$(PY) bench/pages.py

.PHONY: bench-pages
bench-pages: $(STAMP)
	$(PY) bench/pages.py

# Measure every page with axe-core in Chromium and write data/accessibility-results.json, which the
# accessibility statement shows; commit it (a browser test fails when it no longer matches a fresh run).
.PHONY: a11y-report
a11y-report: $(STAMP)
	$(PY) tests/browser/a11y_report.py

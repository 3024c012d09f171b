# README's two commands: `make serve` and `make test`. Each sets itself up from nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed

.PHONY: serve test build check clean schema

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

serve: $(STAMP)
	$(PY) -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

test: $(STAMP)
	$(PY) -m pytest

build: $(STAMP)
	$(PY) hooks/cli.py build

check: $(STAMP)
	$(PY) hooks/cli.py check

clean:
	rm -rf site .site-* $(VENV)

schema: $(STAMP)
	$(PY) hooks/cli.py schema

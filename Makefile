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
	LLR_PUBLISH=$(if $(PUBLISH),1,0) $(PY) hooks/cli.py check

clean:
	rm -rf site site.old .site-* $(VENV)

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

# The editors' workflow (hooks/ci.py): what the GitHub workflows run, callable from any CI or host.
.PHONY: codeowners-check preview-serve preview-publish preview-remove pr-summary annotations changed-kind review-issues codeowners new-page headers messages fork-diff test-content
# The job summary of a pull request in plain words (to $GITHUB_STEP_SUMMARY when set). PREVIEW_URL=... PREVIEW_NOTE=...
# PREVIEW_URL and PREVIEW_NOTE reach the command through the environment, never through the shell's quoting.
export PREVIEW_URL PREVIEW_NOTE
pr-summary: $(STAMP)
	$(PY) hooks/ci.py pr-summary $(BASE)

# Problems as GitHub annotations (`::error file=...,line=...::message`).
annotations: $(STAMP)
	$(PY) hooks/ci.py annotations $(BASE)

# kind=content when only content files changed since BASE, else kind=code (to $GITHUB_OUTPUT when set).
changed-kind: $(STAMP)
	$(PY) hooks/ci.py changed-kind $(BASE)

# The content check and the tests that matter for a change of content only.
CONTENT_TESTS ?= tests/test_content.py tests/test_real_site.py tests/test_workflow.py
test-content: $(STAMP)
	$(PY) hooks/cli.py check
	$(PY) -m pytest -q $(CONTENT_TESTS)

# One issue text per owning group with reviews overdue or due soon, and issues.json, into OUT.
OUT ?= .review-issues
review-issues: $(STAMP)
	$(PY) hooks/ci.py review-issues $(OUT) $(if $(SITE_URL),--site-url "$(SITE_URL)",)

# .github/CODEOWNERS from each document's owner and data/teams.yml (a test fails when it is stale).
codeowners: $(STAMP)
	$(PY) hooks/ci.py codeowners

# make new-page TYPE=procedure ID=visiting-a-child TITLE="Visiting a child" [FOLDER=procedures/child-protection] [OWNER="..."]
new-page: $(STAMP)
	$(PY) hooks/ci.py new-page --type "$(TYPE)" --id "$(ID)" --title "$(TITLE)" $(if $(FOLDER),--folder "$(FOLDER)",) $(if $(OWNER),--owner "$(OWNER)",)

# The security headers (site/_headers, site/_headers.nginx) for a site built some other way; `make build`
# writes them itself.
headers: $(STAMP)
	$(PY) hooks/ci.py headers "$(or $(DIR),site)"

# The editors' page of every check message (docs/editors/messages.md), from data/messages.yml.
messages: $(STAMP)
	$(PY) hooks/ci.py messages

# Build with a maintained MkDocs fork (ProperDocs) and compare with the MkDocs build: docs/about/builder.md.
FORK ?= properdocs==1.6.7
fork-diff: $(STAMP)
	$(PY) hooks/forkdiff.py "$(FORK)" $(FORK_MODULE)

# The built site on http://127.0.0.1:8001 with the security headers of site/_headers, as a host sends them.
preview-serve:
	$(PY) -c "import sys; sys.path.insert(0, 'hooks'); import headers; headers.serve('$(or $(DIR),site)')"

# The preview of pull request PR: the built site DIR copied to pr-PR/ of the preview site checked out at
# PREVIEW (never the production site), and removed again when the pull request closes. Standard library
# only (hooks/prpreview.py), so the preview jobs install nothing.
preview-publish:
	$(PYTHON) hooks/prpreview.py publish "$(or $(DIR),site)" "$(PREVIEW)" "$(PR)"

preview-remove:
	$(PYTHON) hooks/prpreview.py remove "$(PREVIEW)" "$(PR)"

codeowners-check: $(STAMP)
	$(PY) hooks/ci.py codeowners --check

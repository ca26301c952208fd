# The two commands of the README (and the inner loop, make check). Each creates the local
# virtual environment .venv (again only when pyproject.toml or constraints.txt changed) and
# installs what it needs, at the exact versions of constraints.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AXE := node_modules/axe-core/axe.min.js

.PHONY: docs check test po ja-style lock clean site-archive

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "bpteach needs Python >= 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt -e '.[test]'
	touch $@

## make docs: build the site from scratch, both editions, then run every doctest of it
## (docs/build_site.py: every gallery script and every >>> runs).
## make docs SOLUTIONS=hidden: the same site without the exercises' solutions and typical
## mistakes, for a class that gets it before the exercises are due (docs/_ext/student_downloads.py).
docs: $(BIN)/.installed
	rm -rf docs/_build/html docs/_build/doctrees docs/_build/doctest docs/auto_examples docs/auto_exercises
	$(if $(SOLUTIONS),BPTEACH_SOLUTIONS=$(SOLUTIONS)) $(BIN)/python docs/build_site.py docs/_build/html
	@echo
	@echo "The site is built, in English and in Japanese. Open"
	@echo "    file://$(CURDIR)/docs/_build/html/en/index.html  (English)"
	@echo "    file://$(CURDIR)/docs/_build/html/ja/index.html  (日本語)"

## make site-archive: pack the site that make docs built into one file to publish for a class,
## dist/bpteach-site-<version>.zip (docs/site_archive.py: the same build gives the same bytes).
site-archive: $(BIN)/.installed
	$(BIN)/python docs/site_archive.py docs/_build/html dist

## make check: the package's tests alone (unit, property and doctests; nothing is built).
check: $(BIN)/.installed
	$(BIN)/python -m pytest --numprocesses=2 --dist=worksteal tests/package bpteach README.md docs

## make test: run the whole test suite, on two cores (each test file on one of them: its
## fixtures are made once; the site's builds are shared, see tests/site/conftest.py).
test: $(BIN)/.installed $(AXE)
	$(BIN)/python -m pytest --numprocesses=2 --dist=loadfile

## axe-core, the accessibility engine of tests/site/test_accessibility.py, at the exact version
## of package-lock.json (npm ci; Debian's npm package). Without npm the test is skipped, unless CI is set.
$(AXE): package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility test will be skipped (on Debian: apt-get install npm)"; fi

## make po: after changing a page, bring the Japanese catalogs up to date with it.
## New and changed messages appear in docs/locale/ja/LC_MESSAGES/<page>.po with
## an empty or "fuzzy" translation: translate them and remove the fuzzy flag.
po: $(BIN)/.installed
	rm -rf docs/_build/gettext
	$(BIN)/python -m sphinx -W --keep-going -q -b gettext docs docs/_build/gettext
	$(BIN)/sphinx-intl update -p docs/_build/gettext -l ja -d docs/locale -w 0 --no-obsolete -j 1
	$(BIN)/python docs/exercise_messages.py   # the exercise checks' messages: bpteach/locale/ja

## make ja-style: apply the Japanese house style (docs/locale/ja/README.md) to every catalog.
ja-style: $(BIN)/.installed
	$(BIN)/python docs/ja_style.py
	$(BIN)/python docs/exercise_messages.py --compile   # bpteach.mo follows the fixed bpteach.po

## make lock: refresh constraints.txt: the newest versions that pyproject.toml allows,
## installed into a new environment and frozen. Then run make test and commit both.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[test]'
	sed -n '/^#/p' constraints.txt > constraints.txt.new
	.venv-lock/bin/python -m pip freeze --all --exclude-editable | grep -v '^bpteach==' | sort -f >> constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .venv-lock build
	@echo "constraints.txt refreshed: run make test, then commit it."

clean:
	rm -rf docs/_build docs/auto_examples docs/auto_exercises $(VENV) .venv-lock

# The two commands of the README. Each creates the local virtual environment
# .venv (idempotently: only when pyproject.toml changed) and installs what it needs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: docs test po ja-style clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "bpteach needs Python >= 3.11"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## make docs: build the site from scratch, both editions (every example and doctest runs).
docs: $(BIN)/.installed
	rm -rf docs/_build/html docs/_build/doctrees docs/_build/doctest docs/auto_examples docs/auto_exercises
	$(BIN)/python docs/build_site.py docs/_build/html
	$(BIN)/python -m sphinx -W --keep-going -q -b doctest -D plot_gallery=0 docs docs/_build/doctest
	@echo
	@echo "The site is built, in English and in Japanese. Open"
	@echo "    file://$(CURDIR)/docs/_build/html/en/index.html  (English)"
	@echo "    file://$(CURDIR)/docs/_build/html/ja/index.html  (日本語)"

## make test: run the whole test suite.
test: $(BIN)/.installed
	$(BIN)/python -m pytest

## make po: after changing a page, bring the Japanese catalogs up to date with it.
## New and changed messages appear in docs/locale/ja/LC_MESSAGES/<page>.po with
## an empty or "fuzzy" translation: translate them and remove the fuzzy flag.
po: $(BIN)/.installed
	rm -rf docs/_build/gettext
	$(BIN)/python -m sphinx -W --keep-going -q -b gettext docs docs/_build/gettext
	$(BIN)/sphinx-intl update -p docs/_build/gettext -l ja -d docs/locale -w 0 --no-obsolete -j 1

## make ja-style: apply the Japanese house style (docs/locale/ja/README.md) to every catalog.
ja-style: $(BIN)/.installed
	$(BIN)/python docs/ja_style.py

clean:
	rm -rf docs/_build docs/auto_examples docs/auto_exercises $(VENV)

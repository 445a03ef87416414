# Two commands set everything up: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app lms_app
PYBABEL := $(VENV)/bin/pybabel
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: screenshots run test venv translations extract-messages update-messages compile-messages publish bench clean

# The virtualenv is rebuilt when the dependencies change.
$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

# Compiled catalogues are build products (git-ignored): rebuilt from the .po files.
compile-messages: venv
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then $(PYBABEL) compile -d translations -D messages 2>&1 | grep -v '^compiling' || true; fi
	@if ls xblocks/translations/*/LC_MESSAGES/text.po >/dev/null 2>&1; then $(PYBABEL) compile -d xblocks/translations -D text 2>&1 | grep -v '^compiling' || true; fi

translations: compile-messages

extract-messages: venv
	$(PYBABEL) extract -F translations/babel.cfg -k lazy_gettext -k _l --sort-by-file \
		--project "CP Learn" -o translations/messages.pot lms_app
	$(PYBABEL) extract -F xblocks/translations/babel.cfg -k gettext -k ngettext:1,2 \
		--project "CP Learn blocks" -o xblocks/translations/text.pot xblocks

update-messages: extract-messages
	$(PYBABEL) update --no-fuzzy-matching -i translations/messages.pot -d translations -D messages
	$(PYBABEL) update --no-fuzzy-matching -i xblocks/translations/text.pot -d xblocks/translations -D text

publish: venv compile-messages
	$(FLASK) db upgrade
	$(FLASK) content publish content

# The development server with a task consumer beside it (reminders, large exports,
# certificate ZIPs), stopped with it: `flask serve` (lms_app/operations/commands.py).
run: publish
	$(FLASK) demo accounts
	$(FLASK) demo cohort
	$(FLASK) serve --host $(HOST) --port $(PORT)

test: venv compile-messages
	$(PY) -m pytest $(PYTEST_ARGS)

bench: venv compile-messages
	$(PY) bench/run_all.py

# Screenshots of every browser test page, at 360 px and in Arabic, for docs/screenshots/.
screenshots: venv compile-messages
	LMS_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q tests/browser

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

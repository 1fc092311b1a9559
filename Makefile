# One command to run the demo site, one to run the tests. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint messages compile-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres,redis]'
	touch $@

# Translations: the .po catalogues in locale/ are the source; the compiled .mo files are built.
compile-messages: $(VENV)/.installed
	$(BIN)/pybabel --quiet compile --directory locale --domain django

# Update the catalogues after changing user-facing text (needs GNU gettext's xgettext).
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages --locale ar --locale zh_Hans --locale fr --locale ru \
		--locale es --no-obsolete

demo: compile-messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo
	@echo "The site is at http://$(HOST):$(PORT)/ (administration: http://$(HOST):$(PORT)/admin/)"
	@echo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: compile-messages
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 test.sqlite3 media static .pytest_cache .ruff_cache

# Two commands do all the set-up: `make serve` and `make test` (each builds .venv when missing).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint bench vendor clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	mkdir -p $(VENV)/src && ln -sfn "$(CURDIR)" $(VENV)/src/recognition_kg  # for mypy: see pyproject.toml
	# Bytecode, as a regular install compiles it: an editable one leaves it to the first run,
	# which never writes it where PYTHONDONTWRITEBYTECODE is set (every command then recompiles).
	$(BIN)/python -m compileall -q graph api queries ontology >/dev/null
	touch $(STAMP)

# make serve HOST=0.0.0.0 PORT=8080 (default 127.0.0.1:5000); ARGS passes more options to rkg serve.
serve: $(STAMP)
	$(BIN)/rkg serve $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT)) $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/lookups.py
	$(BIN)/python bench/asof.py
	$(BIN)/python bench/endpoints.py
	$(BIN)/python bench/writes.py

clean:
	rm -rf $(VENV) build dist *.egg-info

# The web page's vendored files (api/static/vendor/) from npm, at the versions its package.json pins.
vendor: $(STAMP)
	$(BIN)/python api/static/vendor/refresh.py

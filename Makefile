# dateline: the two Quickstart commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SAMPLE := examples/000_dd97cf2f0526c415.txt
STAMP := $(VENV)/.installed

.PHONY: run lint test eval train train-check bench bench-312 fuzz properties browser clean

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# the spaCy model first, checked against its pinned hash; the package's own requirement is then met
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install -q -e '.[test,bench,dev]'
	touch $(STAMP)

## run: set up and extract the bundled sample page, printing its stories as a table
run: $(STAMP)
	$(BIN)/dateline extract $(SAMPLE) --format table

## lint: ruff (style, bugs) over the code and mypy (types) over the package; configured in pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check src tools tests bench
	$(BIN)/mypy

## test: lint, then run the test suite (with the fast evaluation gate)
test: lint
	$(BIN)/python -m pytest -q

## eval: every main dev set, cross-site (models trained with the page's site held out) and in-sample
eval: $(STAMP)
	nice -n 10 $(BIN)/python -m tools.evaluate

## train: retrain the shipped block models from ../shared/data/dev (the same files every run) and the reported-speech model from polnear
train: $(STAMP)
	nice -n 10 $(BIN)/python -m tools.train
	nice -n 10 $(BIN)/python -m tools.train_quotes --parse-cache

## train-check: retrain into a temporary place and fail, naming the file, if a shipped model differs
train-check: $(STAMP)
	nice -n 10 $(BIN)/python -m tools.train --check
	nice -n 10 $(BIN)/python -m tools.train_quotes --parse-cache --check

## bench: accuracy and pages/s against trafilatura in one run (rs-trafilatura too where bench-312 found a Python >= 3.12)
bench: $(STAMP) bench-312
	$(BIN)/python bench/speed.py

## bench-312: rs-trafilatura's wheel (trafipy, pinned by hash) in bench/.venv312, under the first Python >= 3.12
## found (PYTHON312, python3.13, python3.12, pyenv's); where there is none, the bench table says so
PYTHON312 ?= $(firstword $(foreach p,python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python),\
	$(if $(shell $(p) -c 'import sys; print(sys.version_info >= (3, 12))' 2>/dev/null | grep True),$(p))))
VENV312 := bench/.venv312
bench-312: $(VENV312)/.installed
$(VENV312)/.installed: requirements/bench312.txt
	@if [ -z "$(PYTHON312)" ]; then echo "bench-312: no Python >= 3.12 found; rs-trafilatura is left out of make bench"; \
	else $(PYTHON312) -m venv $(VENV312) && $(VENV312)/bin/python -m pip install -q --require-hashes \
	  -r requirements/bench312.txt && touch $@; fi

## properties: the hypothesis properties with 20,000 examples each (the normal run uses a few hundred)
properties: $(STAMP)
	DATELINE_PROPERTY_EXAMPLES=20000 nice -n 10 $(BIN)/python -m pytest -q --timeout=0 tests/test_properties.py tests/test_guard.py

## fuzz: run each atheris target (fuzz/) for FUZZ_SECONDS (default 600) under nice -n 19
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[fuzz]'
	PYTHON=$(BIN)/python fuzz/run.sh text $(FUZZ_SECONDS)
	PYTHON=$(BIN)/python fuzz/run.sh html $(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) $(VENV312) eval-out build .pytest_cache .mypy_cache .ruff_cache

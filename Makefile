# tongbi — `make run` and `make test` work on a fresh machine with Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

# A private Prefect home, so runs never touch (or depend on) a user's ~/.prefect.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export GX_ANALYTICS_ENABLED ?= False

.PHONY: help venv run test lint pytest bench score clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)  ## create .venv and install tongbi with its dev tools

run: $(STAMP)  ## run the whole pipeline on data/samples/ (exit 1: the sample's deliberate inconsistency)
	$(BIN)/tongbi run --manifest data/samples/manifest.csv; \
	status=$$?; \
	if [ $$status -eq 1 ]; then echo "make run: data-quality failures found (expected on the samples: see data/samples/README.md)"; exit 0; fi; \
	exit $$status

lint: $(STAMP)  ## ruff over the code
	$(BIN)/ruff check tongbi flows tests benchmarks

pytest: $(STAMP)  ## the test suite only
	$(BIN)/python -m pytest -q

test: lint pytest  ## lint and the whole test suite (what CI runs)

score: $(STAMP)  ## extraction score against the shared gold annotation
	$(BIN)/tongbi score ../shared/gold/jiading_2023_summary.jsonl ../shared/corpus/real/jiading_2023_summary.txt

clean:  ## remove generated data (keeps .venv and data/samples)
	rm -rf data/raw data/text data/facts data/published data/reports data/tongbi.duckdb*

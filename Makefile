# The two commands of the README: `make example` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: example test bench

$(BIN)/claimgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Analyse the bundled Mosul reports and write their dossier to out/mosul-dossier.html.
example: $(BIN)/claimgraph
	mkdir -p $(OUT)
	$(BIN)/claimgraph analyze examples/mosul --db $(OUT)/mosul.db
	$(BIN)/claimgraph report --db $(OUT)/mosul.db --out $(OUT)/mosul-dossier.html

# Lint, format check, type check and the test suite (what CI runs).
test: $(BIN)/claimgraph
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy
	$(BIN)/pytest

# Benchmarks read ../shared/data and skip with a message where it is absent.
# bench.extraction (issue 3) and bench.cross_source (issue 4) each print one table of
# figures and goals; every bench also runs alone: python -m bench.<name> [--errors].
bench: $(BIN)/claimgraph
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench.mosul_checklist
	mkdir -p $(OUT)
	$(BIN)/python -m bench.extraction --json $(OUT)/benchmarks.json
	$(BIN)/python -m bench.cross_source --json $(OUT)/cross-source.json

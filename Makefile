# `make run`: set up .venv and run the main job on the bundled example corpus (SQLite ./armstrace.db)
# `make test`: install the dev dependencies (and Debian's chromium and postgresql if missing), lint (`make lint`), run the tests
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PIP = $(BIN)/pip --disable-pip-version-check -q

.PHONY: run test lint install dev eval bench bench-store bench-scale screenshots clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# the dashboard's JavaScript (Cytoscape, Swagger UI) comes from the npm registry, with its licences, at build time
# (scripts/vendor_js.py; the package build runs it too, so `pip install .` gets it)
VENDOR = armstrace/web/static/vendor
$(VENDOR)/cytoscape.min.js $(VENDOR)/swagger-ui-bundle.js: scripts/vendor_js.py
	$(PYTHON) scripts/vendor_js.py

$(VENV)/.installed: $(BIN)/activate pyproject.toml $(VENDOR)/cytoscape.min.js $(VENDOR)/swagger-ui-bundle.js
	$(PIP) install -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(PIP) install -e '.[dev]'
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev

run: $(VENV)/.installed
	$(BIN)/armstrace run examples/corpus

test: lint
	scripts/system-deps
	$(BIN)/pytest

# the README's dashboard screenshots (docs/*.png), as the web tests render them
screenshots: $(VENV)/.installed
	scripts/system-deps
	ARMSTRACE_SCREENSHOTS=1 $(BIN)/pytest -q tests/web/test_dashboard.py

# style and types: ruff (pyflakes, pycodestyle, import order, bugbear, modern syntax) and mypy over the package
lint: $(VENV)/.dev
	$(BIN)/ruff check armstrace tests benchmarks
	$(BIN)/mypy

# the development sets live outside the repo (../shared/corpus); nothing here needs them
CORPUS ?= ../shared/corpus
REGISTER ?= ../shared/data/sipri-register/trade-register.csv
eval: $(VENV)/.installed
	$(BIN)/armstrace eval $(CORPUS)/gold $(CORPUS)/seeds $(CORPUS)/real/gold $(CORPUS)/real/articles
	if [ -f $(REGISTER) ]; then $(BIN)/armstrace catalogue check $(REGISTER); fi

# speed against en_core_web_sm's full pipeline on the same texts, and memory
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks examples/corpus --rounds 5 --memory 10000

# batch scaling on Ray (1 vs 2 workers), and 10,000 articles ingested into SQLite and PostgreSQL
bench-scale: $(VENV)/.dev
	$(BIN)/python -m benchmarks --batch 2000
	$(BIN)/python -m benchmarks --ingest 10000

# query latency on a synthetic store of a million facts (built in a new file, removed afterwards)
bench-store: $(VENV)/.installed
	rm -f /tmp/armstrace-bench.db*
	$(BIN)/python -m benchmarks --store-facts 1000000 --db /tmp/armstrace-bench.db
	rm -f /tmp/armstrace-bench.db*

clean:
	rm -rf $(VENV) build $(VENDOR) armstrace.db armstrace.db-wal armstrace.db-shm .pytest_cache *.egg-info

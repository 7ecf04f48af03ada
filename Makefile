# `make run`: set up .venv and run the main job on the bundled example corpus (SQLite ./armstrace.db)
# `make test`: install the dev dependencies (and Debian's chromium and postgresql if missing), lint (`make lint`), run the tests
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PIP = $(BIN)/pip --disable-pip-version-check -q

.PHONY: run test lint install dev eval bench bench-store bench-scale clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# the dashboard's JavaScript library comes from the npm registry, with its licence, at build time
VENDOR = armstrace/web/static/vendor
CYTOSCAPE = cytoscape@3.34.4
$(VENDOR)/cytoscape.min.js:
	mkdir -p build/npm $(VENDOR)
	npm install --prefix build/npm --no-audit --no-fund --silent $(CYTOSCAPE)
	cp build/npm/node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/
	cp build/npm/node_modules/cytoscape/LICENSE $(VENDOR)/cytoscape.LICENSE

# the API's interactive docs (Swagger UI), served from the package, not a CDN
SWAGGER = swagger-ui-dist@5.35.0
$(VENDOR)/swagger-ui-bundle.js:
	mkdir -p build/npm $(VENDOR)
	npm install --prefix build/npm --no-audit --no-fund --silent $(SWAGGER)
	cp build/npm/node_modules/swagger-ui-dist/swagger-ui-bundle.js build/npm/node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/
	cp build/npm/node_modules/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui.LICENSE
	cp build/npm/node_modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt $(VENDOR)/swagger-ui-bundle.js.LICENSE.txt

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

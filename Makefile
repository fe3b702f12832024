# Nhắc việc CCHC — `make run` starts the bot, `make test` runs the whole suite; both set everything up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NHACVIEC := $(VENV)/bin/nhacviec
STAMP := $(VENV)/.installed

# Python writes compiled modules even where the environment forbids it (PYTHONDONTWRITEBYTECODE): each module
# is then compiled once, by the first process that imports it (`init`, a test), rather than again by each of
# the hundreds of `nhacviec` processes the tests start, and by each start of the bot.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install db run test check lint bench postgres office browser clean corpus

# uv installs in seconds what pip took a minute and a half for: scripts/install.sh says how, the README why
$(STAMP): pyproject.toml scripts/install.sh
	PYTHON=$(PYTHON) bash scripts/install.sh $(VENV)
	touch $(STAMP)

install: $(STAMP)

db: install
	$(NHACVIEC) init

run: db
	$(NHACVIEC) run

postgres:
	bash scripts/ensure-postgres.sh

office:
	bash scripts/ensure-office.sh

browser:
	bash scripts/ensure-browser.sh

# pytest-xdist's workers, one per core by default.
# `make test` runs two workers more than there are cores: a quarter of its tests' time is spent waiting (a
# paced send, a bot starting, a process killed and restarted), and the extra workers' tests run meanwhile.
# Measured on a fresh clone on 2 cores: 4 workers 9:18, 5 workers 10:29 (each worker's imports and the
# contention cost more than a fifth worker's waits give); 3 workers took 10:18 with 200 tests fewer.
WORKERS ?= $(shell $(PYTHON) -c "import os; print(os.cpu_count() or 1)")
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 2)")
test: db postgres office browser
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=15

# between commits: the linter and the unit tests (pure: no database server, no browser, no office), under a minute
check: lint
	$(PY) -m pytest -q -n $(WORKERS) --dist worksteal tests/unit

lint: install
	$(VENV)/bin/ruff check bot jobs storage plan_data tests bench scripts

# figures to var/bench-results.md; `make bench ARGS=--update` writes bench/RESULTS.md (kept in git)
bench: db postgres
	$(PY) -m bench $(ARGS)

# real published plans, kept outside the project: make corpus DIR=../shared/corpus/real_plans
corpus: install
	$(PY) scripts/corpus.py $(DIR)

clean:
	rm -rf $(VENV) .tools var .pytest_cache .hypothesis

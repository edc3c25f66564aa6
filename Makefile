# pantau: the two commands of a fresh machine are `make demo` and `make test`.
# Both create .venv if missing and install exactly what requirements.lock pins
# (hashes checked), then the project itself in editable mode.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
STAMP  := $(VENV)/.pantau-installed
UV_VERSION := 0.13.9

.PHONY: install demo test bench lock data-dictionary phrasing-status patterns clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/pantau demo

test: install
	$(VENV)/bin/pytest

# Speed goals live here, not in timed unit tests: ratios against the libraries' own speed.
bench: install
	$(PY) bench/bench_nlp.py
	$(PY) bench/bench_parse.py
	$(PY) bench/bench_extract.py
	$(PY) bench/eval_facts.py | head -12
	$(PY) bench/bench_crawl.py
	$(PY) bench/bench_flows.py
	$(PY) bench/bench_warehouse.py

# Rebuild the region patterns after changing nlp/gazetteer/ (a test fails when stale).
patterns: install
	$(PY) -m nlp.build_patterns

# Re-resolve the lock after changing dependencies in pyproject.toml.
lock:
	$(UV) pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.lock

data-dictionary: install
	$(PY) -m warehouse.dictionary > docs/data-dictionary.md

# Rewrite the measured status of each statement shape in docs/phrasing.md (a test fails when stale).
phrasing-status: install
	$(PY) bench/phrasing_status.py

clean:
	rm -rf $(VENV) data .pytest_cache

# pantau: the two commands of a fresh machine are `make demo` and `make test`.
# Both create .venv if missing and install exactly what requirements.lock pins
# (hashes checked), then the project itself in editable mode.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
STAMP  := $(VENV)/.pantau-installed
UV_VERSION := 0.13.9

.PHONY: install demo test lock data-dictionary clean

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

# Re-resolve the lock after changing dependencies in pyproject.toml.
lock:
	$(UV) pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.lock

data-dictionary: install
	$(PY) -m warehouse.dictionary > docs/data-dictionary.md

clean:
	rm -rf $(VENV) data .pytest_cache

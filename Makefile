# Two entry points for a fresh machine (see README): `make briefing` and `make test`.
VENV  ?= .venv
PY    := $(VENV)/bin/python
# The CPU build of torch; an unpinned torch pulls a CUDA build of several GB.
TORCH ?= torch==2.13.0
INPUT ?= seeds
OUT   ?= out

.PHONY: setup briefing test clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "$(TORCH)"
	$(PY) -m pip install -q -e ".[test]"
	touch $@

setup: $(VENV)/.installed

briefing: setup
	$(VENV)/bin/briefing build $(INPUT) --out $(OUT)

# The linters, then the tests: ruff (style and common bugs) and mypy (types) must be clean.
test: setup
	$(PY) -m ruff check briefing tests bench
	$(PY) -m mypy
	$(PY) -m pytest -q

clean:
	rm -rf $(OUT) .pytest_cache

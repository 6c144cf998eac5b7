# Two entry points for a fresh machine (see README): `make briefing` and `make test`.
VENV  ?= .venv
PY    := $(VENV)/bin/python
# The CPU build of torch; an unpinned torch pulls a CUDA build of several GB.
TORCH ?= torch==2.13.0
INPUT ?= seeds
OUT   ?= out
# MODEL=DIR builds with a local model folder; empty: the default (or BRIEFING_MODEL).
MODEL ?=

.PHONY: setup briefing demo test clean

# What building needs (and the fast CTranslate2 backend); the tests add theirs on top.
$(VENV)/.installed-run: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q "$(TORCH)"
	$(PY) -m pip install -q -e ".[fast]"
	touch $@

$(VENV)/.installed: $(VENV)/.installed-run
	$(PY) -m pip install -q -e ".[test]"
	touch $@

setup: $(VENV)/.installed

briefing: $(VENV)/.installed-run
	$(VENV)/bin/briefing build $(INPUT) --out $(OUT) $(if $(MODEL),--model $(MODEL))

# The tool at work without the real model: a tiny random-weights MarianMT trained here on the
# seeds' text (its English is noise), then the seeds' briefing built with it.
demo: $(VENV)/.installed-run
	$(PY) -m briefing.testing tiny-model $(OUT)/tiny-model
	$(VENV)/bin/briefing build $(INPUT) --out $(OUT)/demo --model $(OUT)/tiny-model --no-memory

# The linters, then the tests: ruff (style and common bugs) and mypy (types) must be clean.
test: setup
	$(PY) -m ruff check briefing tests bench
	$(PY) -m mypy
	$(PY) -m pytest -q

clean:
	rm -rf $(OUT) .pytest_cache

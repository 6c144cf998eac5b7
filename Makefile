# Two entry points for a fresh machine (see README): `make briefing` and `make test`.
VENV  ?= .venv
PY    := $(VENV)/bin/python
# The CPU build of torch. On the public PyPI `torch==2.13.0` for Linux is the CUDA build (triton and
# the nvidia-* packages, several GB), so PyTorch's CPU wheel index is offered beside the configured one:
# its `2.13.0+cpu` ranks above the plain `2.13.0` and wins where it answers; where it does not (offline,
# a mirror of its own) pip goes on with the configured index. TORCH_INDEX= (empty) leaves it out, for
# a GPU machine: `make briefing TORCH_INDEX=`.
TORCH ?= torch==2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
INPUT ?= seeds
OUT   ?= out
# MODEL=DIR builds with a local model folder; empty: the default (or BRIEFING_MODEL).
MODEL ?=

.PHONY: setup briefing demo test clean install-plan

# What building needs (and the fast CTranslate2 backend); the tests add theirs on top.
$(VENV)/.installed-run: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --timeout 20 $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) "$(TORCH)"
	$(PY) -m pip install -q -e ".[fast]"
	# deduce's Dutch name and place lists are read as data files; deduce itself (its pipeline, and
	# its pin of regex<2025, which would hold transformers back at an old release) is never
	# imported, so it comes without its dependencies. Without it the hand lists serve.
	$(PY) -m pip install -q --no-deps "deduce>=3,<4"
	touch $@

$(VENV)/.installed: $(VENV)/.installed-run
	$(PY) -m pip install -q -e ".[test]"
	touch $@

setup: $(VENV)/.installed

briefing: $(VENV)/.installed-run
	$(VENV)/bin/briefing build $(INPUT) --out $(OUT) $(if $(MODEL),--model $(MODEL))

# The tool at work without the real model: a tiny random-weights MarianMT trained here on the
# seeds' text (its English is noise), then the seeds' briefing built with it, after our own English
# reference translations of the seeds (seeds/reference.tmx) went into a fresh memory as human
# translations: they win over the model, so the demo reads well and the page marks them "human".
demo: $(VENV)/.installed-run
	$(PY) -m briefing.testing tiny-model $(OUT)/tiny-model
	rm -f $(OUT)/demo-memory.sqlite3 $(OUT)/demo-memory.sqlite3-wal $(OUT)/demo-memory.sqlite3-shm
	$(VENV)/bin/briefing memory import seeds/reference.tmx --memory $(OUT)/demo-memory.sqlite3
	$(VENV)/bin/briefing build $(INPUT) --out $(OUT)/demo --model $(OUT)/tiny-model --memory $(OUT)/demo-memory.sqlite3 \
	  --history $(OUT)/demo-history.sqlite3

# The linters, then the tests: ruff (style and common bugs) and mypy (types) must be clean.
test: setup
	$(PY) -m ruff check briefing tests bench
	$(PY) -m mypy
	$(PY) -m pytest -q

clean:
	rm -rf $(OUT) .pytest_cache

# What a fresh install would fetch, without installing anything (pip's dry-run report): the names and
# versions, and whether any CUDA package is among them.
install-plan:
	python3 -m venv $(OUT)/plan-venv
	$(OUT)/plan-venv/bin/python -m pip install -q --dry-run --ignore-installed --report $(OUT)/install-plan.json \
	  $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX)) "$(TORCH)" -e ".[fast]"
	python3 -c "import json,sys; r=json.load(open('$(OUT)/install-plan.json'))['install']; \
	  names=[i['metadata']['name']+' '+i['metadata']['version'] for i in r]; print('\n'.join(sorted(names))); \
	  cuda=[n for n in names if n.lower().startswith(('nvidia','triton'))]; print(len(names), 'packages;', 'CUDA:', cuda or 'none')"

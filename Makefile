PY ?= python

.PHONY: fmt lint typecheck test bench check

fmt:
	$(PY) -m ruff format coordinator protocols tests bench
	$(PY) -m ruff check --fix coordinator protocols tests bench

lint:
	$(PY) -m ruff check coordinator protocols tests bench
	$(PY) -m ruff format --check coordinator protocols tests bench

typecheck:
	$(PY) -m mypy

test:
	$(PY) -m pytest -q -n auto

# The quick benches (no baseline tree needed); each rewrites its section of bench/RESULTS.md.
bench:
	$(PY) bench/run_all.py

check: lint typecheck test

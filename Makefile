# Developer shortcuts. A newcomer needs only the two commands in README.md.
PY := .venv/bin/python
VERSION ?= 0.1.0

.PHONY: setup demo test unit plugin-zip bench docs

setup:
	bash scripts/setup.sh

demo:
	bash scripts/demo.sh

test:
	bash scripts/test.sh

unit:
	$(PY) -m pytest -p no:qgis -q tests/unit

docs:
	$(PY) -m publisher docs docs/datamodel.md

plugin-zip:
	bash scripts/plugin_zip.sh $(VERSION)

bench:
	$(PY) bench/bench_validation.py

.PHONY: run test lint bench
run:
	./scripts/run
test:
	./scripts/test
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
bench:
	.venv/bin/python -m bench

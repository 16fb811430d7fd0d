# Two commands: `make run` serves the app, `make test` runs every test. Both set themselves up.
.PHONY: run test bench lint-docker

run:
	scripts/run_app.sh

test:
	scripts/run_tests.sh

bench:
	scripts/setup_env.sh test
	.venv/bin/python bench/batched_vs_naive.py

lint-docker:
	scripts/setup_env.sh test
	.venv/bin/hadolint --no-color Dockerfile

# foundry — two commands for a fresh Debian 12 machine with Swift 6.3:
#   make demo   installs system packages, builds, and runs the main job offline: a routing decision
#               with its explanation over the embedded catalog, then a cost estimate and the plugins
#   make test   installs system packages and the Python reference peers, builds, runs all tests

SWIFT ?= swift
BIN := .build/debug/foundry

.PHONY: demo test build bootstrap docs check-docs check-layers clean

bootstrap:
	scripts/bootstrap

build: bootstrap
	$(SWIFT) build

demo: build
	@echo '$$ foundry route "Write a Python function that checks whether a string is a palindrome." --dry-run --assume-keys'
	@$(BIN) route "Write a Python function that checks whether a string is a palindrome." --dry-run --assume-keys
	@echo
	@echo '$$ foundry cost estimate --model openai/gpt-5-mini --model anthropic/claude-haiku-4-5 --model gemini/gemini-2.5-flash --input 3000 --cached 1000 --output 400 --requests 20000 --per day --explain'
	@$(BIN) cost estimate --model openai/gpt-5-mini --model anthropic/claude-haiku-4-5 --model gemini/gemini-2.5-flash \
		--input 3000 --cached 1000 --output 400 --requests 20000 --per day --explain
	@echo
	@echo '$$ foundry plugins --plugin .build/debug/libFoundryGemini.so --plugin .build/debug/libFoundryOllama.so'
	@$(BIN) plugins --plugin .build/debug/libFoundryGemini.so --plugin .build/debug/libFoundryOllama.so

test:
	scripts/bootstrap --python
	scripts/check-layers
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel
	scripts/gen-docs --check

check-layers:
	scripts/check-layers

docs: build
	scripts/gen-docs

clean:
	rm -rf .build

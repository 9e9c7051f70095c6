# Scour — `make test` and `make demo` each install what they need on a fresh Debian machine.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS ?=
SCOUR = .build/debug/scour
# postgresql: the server the PostgreSQL run store's tests start a private cluster of (Tests/TestSupport/PostgresFixture.swift).
APT_PACKAGES = openssh-server openssh-client sudo libssh2-1-dev libssl-dev pkg-config iproute2 util-linux procps jq time libxml2-utils python3-venv shellcheck postgresql
# tree-sitter's PowerShell grammar, to syntax-check the windows scripts this machine cannot run;
# ansible-core, to compare Scour's reading of inventories and --limit with Ansible's.
PYENV = .build/pyenv
PY_PACKAGES = tree-sitter==0.26.1 tree-sitter-powershell==0.26.4 ansible-core==2.19.14

.PHONY: deps pyenv build test quick unit-test demo bench fuzz format clean

## deps: install the Debian packages the build, the lab and the tests need (skips what is there).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: need root to install$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## pyenv: a Python venv with the PowerShell syntax checker and ansible-core, which the tests use (Tests/Tools).
pyenv: deps
	@$(PYENV)/bin/python -c 'import tree_sitter_powershell, ansible' 2>/dev/null || \
	  { python3 -m venv $(PYENV) && $(PYENV)/bin/pip install -q $(PY_PACKAGES); }

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

## test: the whole suite — unit tests and the lab integration tests (root; CI=true makes lab tests mandatory).
test: deps pyenv
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)
	./Fuzz/run.sh 5000

## quick: every test that needs neither root nor a lab, installing nothing (no apt-get); under a
## minute after a build. SCOUR_QUICK=1 leaves out the tests marked `.needs(…)` (Tests/TestSupport/TestRequirement.swift).
quick:
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	SCOUR_QUICK=1 $(SWIFT) test --skip-build $(BUILD_FLAGS)

unit-test: deps pyenv
	$(SWIFT) test $(BUILD_FLAGS) --skip IntegrationTests

## demo: bring up an 8-host lab with Code Red II on about half the hosts and clean it up.
demo: build
	./Examples/demo.sh

## bench: performance figures against the OpenSSH floor (see docs/benchmarks.md).
bench: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)
	./Examples/bench.sh

## format: format the Swift sources in place with swift-format (the toolchain's), as .swift-format says.
format:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests Fuzz

## fuzz: a longer parser fuzzing session (make fuzz RUNS=200000).
fuzz:
	./Fuzz/run.sh $(or $(RUNS),100000)

clean:
	rm -rf .build

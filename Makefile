# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test deps venv lint typecheck pytest clean stress bench package package-test

run: deps $(STAMP)
	$(PY) -m app

test: deps $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# System libraries Qt needs on Debian/Ubuntu, offscreen and in a real window.
# Installed only when running as root and something is missing; otherwise a no-op.
DEB_LIBS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libglib2.0-0 fonts-dejavu-core libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 \
	libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 \
	libxcb-xkb1 libx11-xcb1 poppler-utils qpdf
deps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		missing=""; \
		for p in $(DEB_LIBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
		if [ -n "$$missing" ]; then \
			echo "Installing system libraries:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		fi; \
	fi

# The frozen app (docs/packaging.md): dist/briefbook/, and on macOS dist/BriefBook.app.
PACKAGE_STAMP := $(VENV)/.installed-package
$(PACKAGE_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,package]'
	touch $(PACKAGE_STAMP)

package: deps $(PACKAGE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN briefbook.spec
	@du -sh dist/briefbook

# Runs the frozen executables: --version, demo, PDF/DOCX exports, and the app offscreen.
package-test: deps $(PACKAGE_STAMP)
	$(PY) packaging/smoke_test.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache

# Crash safety at scale: SIGKILL a writing process STRESS_KILLS times (docs/reliability.md).
STRESS_KILLS ?= 500
stress: $(STAMP)
	STRESS_KILLS=$(STRESS_KILLS) $(PY) tests/reliability/stress.py

# Benchmarks at scale against peers (docs/benchmarks.md); not part of `make test`.
# The large store is generated once into benchmarks/.cache. BENCH_ROUNDS=5 runs per figure.
BENCH_ROUNDS ?= 5
bench: deps $(STAMP)
	BENCH_ROUNDS=$(BENCH_ROUNDS) QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.run

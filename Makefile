# bkkdesk — the two commands of a fresh machine are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run demo test lint typecheck system-deps bench translations build clean bundle bundle-test

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

# System packages tests and screenshots need (Debian/Ubuntu): a virtual screen, Thai
# fonts, the X libraries Qt's xcb plugin loads, and LibreOffice to render workbooks.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  missing=""; \
	  command -v Xvfb >/dev/null || missing="$$missing xvfb"; \
	  fc-list 2>/dev/null | grep -qi laksaman || missing="$$missing fonts-thai-tlwg"; \
	  command -v soffice >/dev/null || missing="$$missing libreoffice-calc"; \
	  for p in libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libegl1 libgl1 libfontconfig1 libdbus-1-3; do \
	    dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  fi; \
	else echo "system-deps: not root or no apt-get; install xvfb, fonts-thai-tlwg, libreoffice-calc yourself"; fi

# The demo keeps its data (local store and embedded server) in .data/demo; without a
# display it sets up only and says so.
run: setup
	$(BIN)/bkkdesk --data-dir .data/demo demo

demo: run

test: setup system-deps
	$(BIN)/ruff check .
	$(BIN)/mypy bkkdesk
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy bkkdesk

bench: setup
	$(BIN)/python bench/run_all.py

# The frozen build (PyInstaller, build.spec) in dist/bkkdesk/, smoke-tested by its own
# `bkkdesk-cli self-test`; bundle-test runs the packaging tests (reuse an unchanged build).
bundle: setup
	$(BIN)/pip install --quiet -e ".[build]"
	$(BIN)/python tools/build_bundle.py

bundle-test: setup
	$(BIN)/pip install --quiet -e ".[build]"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider tests/packaging

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache

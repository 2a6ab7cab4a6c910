# Entry points. Each target does its own set-up on a fresh machine: the virtual
# environment from requirements.lock, the pinned Pyodide from the npm registry
# (package-lock.json), and Debian's Chromium for the browser tests.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
NPM_INSTALLED := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve check test build bundle bench lint format chromium java nginx firefox webkit zbar clean

## serve: build the site and serve it at http://$(HOST):$(PORT)/
serve: build
	@echo "Serving site/ at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory site

## check: the fast loop: lint, the unit, content and command-line tests, a build, and a
## first look at each language in Chromium (home, a checker path with Python, the listing's
## check, the bundle from a file)
check: $(INSTALLED) $(NPM_INSTALLED) chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -m "smoke or not (browser or slow)" --durations=10

## test: every test (lint, unit, content, build, browser)
test: $(INSTALLED) $(NPM_INSTALLED) chromium java nginx firefox webkit zbar
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest --durations=30

## build: write the site into site/
build: $(INSTALLED) $(NPM_INSTALLED) chromium
	$(BIN)/python -m mkdocs build --clean --quiet

## bundle: the site for a USB stick (file://), as dist/checkinatwork-guide-<version>/ and .zip
## (the zip the build made and ships in site/download/, unzipped)
bundle: build
	$(BIN)/python scripts/bundle.py

## bench: the site's figures (checker, bundle, builds; a table, then one JSON line)
bench: build chromium
	$(BIN)/python scripts/bench.py

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Pyodide, exactly as package-lock.json pins it, shipped inside the site at build time.
$(NPM_INSTALLED): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium drives the browser tests and prints the blank listings to PDF at build
# time (Playwright's own browser download cannot run here). Installed only when missing;
# needs root or sudo.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Java runs the Nu HTML Checker (npm vnu-jar) in the tests. Installed only when missing.
java:
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian's Java runtime for the HTML checker"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }

# nginx serves the built site as a real host would in the tests (deploy/nginx.conf,
# scripts/nginx.py). Installed only when missing; never started as a system service.
nginx:
	@test -x /usr/sbin/nginx || { \
		echo "Installing Debian's nginx-light for the host test"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nginx-light >/dev/null; }

# Firefox ESR, driven by npm puppeteer-core over WebDriver BiDi in the tests
# (tests/engines/firefox.mjs). Installed only when missing.
firefox:
	@command -v firefox-esr >/dev/null 2>&1 || { \
		echo "Installing Debian's firefox-esr for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq firefox-esr >/dev/null; }

# WebKitGTK, Safari's engine: Debian's WebKitWebDriver (driven by Selenium in the tests), its
# GObject bindings for Debian's python3 (tests/engines/webkit_browser.py, the browser the
# driver starts; it prints with WebKitGTK's own print operation) and Xvfb for its window.
# Installed only when missing.
webkit:
	@{ command -v WebKitWebDriver && command -v Xvfb && /usr/bin/python3 -c \
		'import gi; gi.require_version("WebKit2", "4.1"); from gi.repository import WebKit2'; \
	} >/dev/null 2>&1 || { \
		echo "Installing Debian's webkit2gtk-driver, gir1.2-webkit2-4.1, python3-gi and xvfb for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			webkit2gtk-driver gir1.2-webkit2-4.1 python3-gi xvfb >/dev/null; }

# ZBar reads the QR codes of the printed sheets in the tests, as a phone would, from pages
# that Poppler's pdftoppm draws. Installed only when missing.
zbar:
	@command -v zbarimg >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
		echo "Installing Debian's zbar-tools and poppler-utils for the printed QR codes' tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq zbar-tools poppler-utils >/dev/null; }

clean:
	rm -rf site dist .pytest_cache .ruff_cache node_modules .cache

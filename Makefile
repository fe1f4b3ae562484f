# The two commands of the README. Everything they need is set up here, nothing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8866
LAB_PORT ?= 8888
STAMP := $(VENV)/.installed

AXE := $(VENV)/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1

.PHONY: serve lab test chromium bench clean

$(STAMP): pyproject.toml
	@command -v pkg-config >/dev/null && pkg-config --exists icu-i18n || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq libicu-dev pkg-config; } || \
	  echo "需要 libicu-dev 与 pkg-config 来编译 PyICU"
	@# A TrueType CJK font for PDF sheets (ReportLab cannot embed the CFF-based Noto CJK fonts).
	@[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || [ "$$(id -u)" != 0 ] || \
	  apt-get install -y -qq fonts-wqy-microhei >/dev/null 2>&1 || \
	  { apt-get update -qq && apt-get install -y -qq fonts-wqy-microhei; } || \
	  echo "未安装 fonts-wqy-microhei：PDF 将使用阅读器自带的宋体"
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@# The venv's own pip (23.2 with Python 3.11) installs the project as it is: upgrading it first cost
	@# 8 s of every fresh clone's test run.
	$(BIN)/pip install -q -e '.[test]'
	touch $@

serve: $(STAMP)
	$(BIN)/liaison init --demo city
	$(BIN)/liaison serve --port $(PORT)

# JupyterLab for analysts on notebooks/ (analysis and report notebooks), with the project's kernel and
# the database the apps use. Only this machine reaches it (127.0.0.1); a shared server uses
# deploy/jupyterhub_config.py, where each analyst signs in.
lab: $(STAMP)
	$(BIN)/liaison init --demo city
	$(BIN)/liaison lab --port $(LAB_PORT)

# Debian's Chromium and CJK fonts for the browser tests (Playwright cannot download browsers here),
# and nginx for the test that runs deploy/nginx.conf in front of the apps.
chromium:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/sbin/nginx ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk nginx-light; \
	else echo "未安装 /usr/bin/chromium 或 nginx，相应的浏览器测试将跳过（以 root 运行 make test 可自动安装）"; fi

# axe-core (npm) for the accessibility tests of the public pages, run inside Chromium by the tests.
$(AXE):
	@command -v npm >/dev/null || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	@if command -v npm >/dev/null; then npm install --prefix $(VENV) --no-audit --no-fund --silent axe-core@$(AXE_VERSION); \
	else echo "未安装 npm：无障碍（axe-core）测试将跳过"; fi

# pytest-xdist workers: a test module stays on one worker, the longest modules first (tests/conftest.py
# orders them). Three on this machine's two cores (measured: 11 min against 12–13 with two — tests
# wait on kernels, servers and PostgreSQL). Only the unit tests:
# make test PYTEST_ARGS='-m "not browser"'; only the browser ones: PYTEST_ARGS='-m browser'.
WORKERS ?= 3
test: $(STAMP) chromium $(AXE)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder --durations=15 $(PYTEST_ARGS)

# The benchmark (not part of make test): builds data/bench.sqlite3 once, appends to benchmarks/results.md.
bench: $(STAMP) chromium
	$(BIN)/liaison bench

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

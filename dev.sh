#!/usr/bin/env bash
# One entry point for a new developer or CI:
#   ./dev.sh demo   - set everything up and start the app on a demo data folder
#   ./dev.sh test   - set everything up and run the whole test suite (lint, types, tests with
#                     coverage and its per-package floor); with ARGS: pytest ARGS, no coverage
#   ./dev.sh bench  - the benchmark suite (not part of `test`)
#   ./dev.sh setup  - only set up (system libraries, .venv)
# Idempotent: the virtual environment is rebuilt only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY=${PYTHON:-python3}

# System libraries Qt needs even offscreen, plus PostgreSQL for the central store's tests.
QT_DEBS="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3"
TEST_DEBS="postgresql poppler-utils"

missing_debs() {
    local missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    echo "$missing"
}

ensure_system() {
    local want="$QT_DEBS python3-venv"
    [ "${1:-}" = "test" ] && want="$want $TEST_DEBS"
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "Not Debian/Ubuntu: make sure Qt 6's runtime libraries (OpenGL/EGL, xkbcommon, fontconfig, glib, dbus) are installed." >&2
        return 0
    fi
    local missing
    # shellcheck disable=SC2086
    missing=$(missing_debs $want)
    # python3-venv is only needed when the interpreter lacks ensurepip (Debian's split packaging).
    if "$PY" -c "import ensurepip" >/dev/null 2>&1; then missing=${missing/ python3-venv/}; fi
    [ -z "${missing// /}" ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system packages:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "Missing system packages. Run:" >&2
        echo "  sudo apt-get install -y$missing" >&2
        exit 1
    fi
}

ensure_venv() {
    local stamp="$VENV/.pyproject.sha256"
    local want
    want=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -x "$VENV/bin/python" ]; then
        "$PY" -m venv "$VENV"
    fi
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "Installing Python packages into .venv (first time takes about a minute)..."
        "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
        "$VENV/bin/python" -m pip install -q -e ".[central,dev]" 2>&1 | grep -v "^WARNING: Location" || true
        "$VENV/bin/python" -c "import backa_desktop, PySide6, sqlcipher3, reportlab, fastapi" \
            || { echo "Python package install failed" >&2; exit 1; }
        echo "$want" > "$stamp"
    fi
}

cmd=${1:-help}
shift || true
case "$cmd" in
    setup)
        ensure_system test
        ensure_venv
        ;;
    demo)
        ensure_system
        ensure_venv
        DATA=${BACKA_DEMO_DIR:-$ROOT/demo-data}
        export BACKA_PASSPHRASE=${BACKA_PASSPHRASE:-demo-backa}
        if [ ! -f "$DATA/backa.db" ]; then
            "$VENV/bin/backa" --data-dir "$DATA" init --name "Demo Användare" --demo
            "$VENV/bin/backa" --data-dir "$DATA" demo --children "${BACKA_DEMO_CHILDREN:-1000}"
        fi
        echo "Demo data folder: $DATA   passphrase: $BACKA_PASSPHRASE"
        exec "$VENV/bin/backa-desktop" --data-dir "$DATA" "$@"
        ;;
    test)
        ensure_system test
        ensure_venv
        export QT_QPA_PLATFORM=offscreen
        echo "== ruff"
        "$VENV/bin/ruff" check backa_desktop tests
        echo "== mypy"
        "$VENV/bin/mypy" backa_desktop
        if [ $# -gt 0 ]; then
            echo "== pytest $*"
            exec "$VENV/bin/pytest" "$@"
        fi
        echo "== pytest (with coverage)"
        "$VENV/bin/pytest" --cov=backa_desktop --cov-report=term:skip-covered
        echo "== coverage floor"
        "$VENV/bin/python" -m tests.coverage_floor
        ;;
    bench)
        ensure_system test
        ensure_venv
        export QT_QPA_PLATFORM=offscreen
        exec "$VENV/bin/python" -m tests.bench.run "$@"
        ;;
    *)
        sed -n '2,8p' "$0"
        ;;
esac

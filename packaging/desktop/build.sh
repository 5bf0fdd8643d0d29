#!/usr/bin/env bash
# Build the one-folder desktop bundle with PyInstaller and pack it as a tarball.
#   packaging/desktop/build.sh            -> dist/backa-desktop/ and dist/backa-desktop-<version>-linux-<arch>.tar.gz
# Sets up .venv through ./dev.sh setup and installs the `packaging` extra (PyInstaller) itself.
# Takes a few minutes (about 2 on an idle 2-core machine, longer under load).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
./dev.sh setup >/dev/null
if [ ! -x "$VENV/bin/pyinstaller" ]; then
    "$VENV/bin/python" -m pip install -q -e ".[packaging]"
fi
VERSION=$("$VENV/bin/python" -c "import backa_desktop; print(backa_desktop.__version__)")
ARCH=$(uname -m)
echo "Building Backa Desktop $VERSION for linux-$ARCH"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
    packaging/desktop/backa.spec
tar -C "$ROOT/dist" -czf "$ROOT/dist/backa-desktop-$VERSION-linux-$ARCH.tar.gz" backa-desktop
echo "Built $ROOT/dist/backa-desktop/ and dist/backa-desktop-$VERSION-linux-$ARCH.tar.gz"

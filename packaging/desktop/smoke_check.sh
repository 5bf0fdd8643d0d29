#!/usr/bin/env bash
# Smoke check of the desktop bundle: build it (unless --no-build and it exists), then with
# the bundle's own executables, offscreen:
#   1. backa-smoke makes a fictional demo folder, starts the app through its composition
#      root, unlocks the folder and renders the main window with the child list; it exits 0
#      only when the list has rows and the rendered window is not blank;
#   2. backa-desktop itself starts on that folder and is still running after a few seconds
#      (it reached its event loop with the unlock screen), then is stopped;
#   3. the bundled version and data files (forms, fonts, translations, icons) are there.
# Exits 0 only when all of that worked. Too slow for every CI run (the build takes minutes).
#   packaging/desktop/smoke_check.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DIST="$ROOT/dist/backa-desktop"
if [ "${1:-}" != "--no-build" ] || [ ! -x "$DIST/backa-desktop" ]; then
    packaging/desktop/build.sh
fi
export QT_QPA_PLATFORM=offscreen
export BACKA_PASSPHRASE="smoke-lösenfras-$$"   # a fictional folder made just for this check
WORK=$(mktemp -d)
APP_PID=""
cleanup() {
    if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "SMOKE CHECK FAILED: $*" >&2; exit 1; }

echo "== data files and version"
want=$("$ROOT/.venv/bin/python" -c "import backa_desktop; print(backa_desktop.__version__)")
got=$(cat "$DIST/_internal/build-version.txt")
[ "$got" = "$want" ] || fail "bundle version $got, package version $want"
for f in forms/upptackarkort.v1.yaml forms/behovskompass.yaml forms/released.lock \
         resources/fonts/DejaVuSans.ttf resources/translations/backa_en.qm \
         resources/icons/needs/halsa.svg; do
    [ -f "$DIST/_internal/$f" ] || fail "missing $f in the bundle"
done
echo "ok: version $got, forms and resources present"

echo "== backa-smoke: demo folder, unlock, child list, render"
"$DIST/backa-smoke" --data-dir "$WORK/data" --create-demo 200 --timeout 120 \
    --screenshot "$WORK/main-window.png" | tee "$WORK/smoke.json" \
    || fail "backa-smoke exited non-zero"
grep -q '"ok": true' "$WORK/smoke.json" || fail "backa-smoke did not report ok"

echo "== backa-desktop starts and keeps running"
"$DIST/backa-desktop" --data-dir "$WORK/data" >"$WORK/app.log" 2>&1 &
APP_PID=$!
sleep 5
kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log" >&2; fail "backa-desktop exited early"; }
kill "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
if grep -q "Traceback" "$WORK/app.log"; then cat "$WORK/app.log" >&2; fail "backa-desktop raised"; fi
echo "ok: backa-desktop ran for 5 s offscreen"
echo "SMOKE CHECK PASSED"

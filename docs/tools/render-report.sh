#!/usr/bin/env bash
# Renders a run's report.html to a PNG in headless Chromium and fails if Chromium logged a
# console message of level warning or error (a broken page, a resource it tried to fetch).
#
#   docs/tools/render-report.sh RUN_DIR/report.html out.png [WIDTHxHEIGHT]
#
# Needs Debian's chromium package (apt-get install -y chromium). Runs offline: networking,
# component updates and sync are off, and the profile is a new temporary directory.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT_HTML OUT_PNG [WIDTHxHEIGHT]" >&2
  exit 2
fi
html=$(realpath "$1")
png=$(realpath -m "$2")
size=${3:-1400x2400}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "chromium not found: apt-get install -y chromium" >&2
  exit 3
fi
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT

no_sandbox=()
if [ "$(id -u)" = 0 ]; then
  no_sandbox=(--no-sandbox) # Chromium refuses to run as root with its sandbox
fi
timeout 120 "$chromium" --headless "${no_sandbox[@]}" --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --enable-logging=stderr --v=0 --hide-scrollbars \
  --window-size="${size/x/,}" --screenshot="$png" "file://$html" 2>"$log" || {
  cat "$log" >&2
  echo "chromium failed" >&2
  exit 1
}
if [ ! -s "$png" ]; then
  cat "$log" >&2
  echo "no screenshot written" >&2
  exit 1
fi
# Console messages appear as ':CONSOLE(line)] "message"' lines; INFO level ones are logs, the
# rest (warnings, errors, uncaught exceptions) fail the check. So do failed network requests.
if grep -E 'CONSOLE|net::ERR_|Uncaught' "$log" | grep -vE ':INFO:CONSOLE' >&2; then
  echo "console errors while rendering $html" >&2
  exit 1
fi
echo "rendered $html -> $png"

#!/bin/sh
# test-a11y.sh APP TEST_SCRIPT — starts an accessibility bus and the app with
# GTK's AT-SPI backend, then runs the AT-SPI script against it (issue 6).
# Run inside tests/run-with-display (Xvfb and a D-Bus session).
set -eu
# AT-SPI's own libraries (in the app, the bus and pyatspi) warn while the
# tree is being built: fatal warnings are for the unit tests, not here.
export G_DEBUG=gc-friendly
app=$1
script=$2
data=$(mktemp -d)
trap 'kill "$app_pid" "$bus_pid" 2>/dev/null || true; rm -rf "$data"' EXIT INT TERM

/usr/libexec/at-spi-bus-launcher --launch-immediately &
bus_pid=$!
sleep 1
unset NO_AT_BRIDGE
GTK_A11Y=atspi LANGUAGE=en "$app" --data-dir "$data" &
app_pid=$!
/usr/bin/python3 "$script" readingpoint

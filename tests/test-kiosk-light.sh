#!/bin/sh
# test-kiosk-light.sh APP — issue 16: a kiosk is light whatever its session
# prefers. Starts the real reader with --kiosk while the system prefers
# dark (ADW_DEBUG_COLOR_SCHEME, set by tests/meson.build), and the desktop
# reader the same way, screenshots each and compares their mean
# brightness: the kiosk's stays light, the desktop's follows the system.
# Run inside tests/run-with-display (Xvfb and a D-Bus session). TAP.
set -eu
app=$1
dir=$(mktemp -d)
app_pid=
trap 'test -n "$app_pid" && kill "$app_pid" 2>/dev/null; rm -rf "$dir"' EXIT INT TERM

echo "1..2"
n=0
for mode in kiosk desktop; do
  n=$((n + 1))
  # The window, then time for its first frames. A start that found the
  # server resetting (its last client just left) is tried again.
  tries=0
  app_pid=
  until [ -n "$app_pid" ] && xdotool search --onlyvisible --name . >/dev/null 2>&1; do
    if [ -z "$app_pid" ] || ! kill -0 "$app_pid" 2>/dev/null; then
      if [ "$mode" = kiosk ]; then
        "$app" --kiosk --data-dir "$dir/$mode" &
      else
        "$app" --data-dir "$dir/$mode" &
      fi
      app_pid=$!
    fi
    tries=$((tries + 1))
    [ $tries -lt 120 ] || { echo "not ok $n - $mode: no window"; exit 1; }
    sleep 0.5
  done
  sleep 6
  shot="${RP_SCREENSHOT_DIR:-$dir}/kiosk-light-$mode.png"
  import -window root "$shot"
  kill "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  app_pid=
  mean=$(convert "$shot" -colorspace Gray -format '%[fx:mean]' info:)
  echo "# $mode with the system preferring dark: mean brightness $mean ($shot)"
  if [ "$mode" = kiosk ]; then
    awk -v m="$mean" 'BEGIN { exit !(m > 0.6) }' && echo "ok $n - kiosk stays light" ||
      { echo "not ok $n - kiosk stays light"; exit 1; }
  else
    awk -v m="$mean" 'BEGIN { exit !(m < 0.4) }' && echo "ok $n - desktop follows the system's dark" ||
      { echo "not ok $n - desktop follows the system's dark"; exit 1; }
  fi
done

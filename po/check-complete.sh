#!/bin/sh
# Fail when a translation is incomplete: any untranslated or fuzzy message.
# Usage: check-complete.sh MSGFMT FILE.po
# Run by `meson test --suite po` (see po/meson.build).
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 MSGFMT FILE.po" >&2
  exit 2
fi
msgfmt=$1
po=$2

# msgfmt's own messages are translated: force English so the grep below works.
LC_ALL=C
export LC_ALL
unset LANGUAGE

if ! stats=$("$msgfmt" --statistics -o /dev/null "$po" 2>&1); then
  printf '%s\n' "$stats" >&2
  echo "$po: msgfmt failed" >&2
  exit 1
fi
printf '%s: %s\n' "$po" "$stats"

status=0
if printf '%s\n' "$stats" | grep -q -e untranslated -e fuzzy; then
  echo "$po: incomplete translation" >&2
  status=1
fi
# msgfmt does not count a fuzzy header entry; catch that too.
if grep -q '^#,.*fuzzy' "$po"; then
  echo "$po: fuzzy entries or fuzzy header left" >&2
  status=1
fi
exit $status

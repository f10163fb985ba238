#!/usr/bin/env python3
# test-district-build.py — a district build's defaults (issue 16)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Configures this source tree twice in temporary build directories (core
# only: -Dui=false -Ddemo=false -Dtests=false), builds just the compiled
# GSettings schemas, and reads the defaults back with `gsettings`:
#   - with -Ddefault-origin, -Ddefault-channel and -Dtrusted-keys, the
#     settings' defaults are the district's, and the vendor override is
#     among the files `meson install` would install;
#   - without them, the demo's defaults stay and nothing extra is installed;
#   - a value that would break the override's syntax is refused at setup.
# Usage: test-district-build.py SOURCE_ROOT
import json
import os
import subprocess
import sys
import tempfile

SCHEMA = "io.github.readingpoint.ReadingPoint"
OVERRIDE = "50_readingpoint-district.gschema.override"
KEYS = ["RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3",
        "RWTL2fD3dFqyvsNgCnzHaV+6PEqMT3SpkwGlSO2f3Hrf1RhWR3bFOsZE"]
ok = True
n = 0


def check(cond, what):
    global ok, n
    n += 1
    print(("ok %d " % n if cond else "not ok %d " % n) + what, flush=True)
    ok = ok and cond


def setup(build, *options):
    return subprocess.run(["meson", "setup", build, sys.argv[1], "-Dui=false", "-Ddemo=false", "-Dtests=false",
                           *options], capture_output=True, text=True)


def compiled(build):
    subprocess.run(["ninja", "-C", build, "data/gschemas.compiled"], check=True, capture_output=True)
    return os.path.join(build, "data")


def get(schemas, key):
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=schemas, GSETTINGS_BACKEND="memory")
    return subprocess.run(["gsettings", "get", SCHEMA, key], env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def installs_override(build):
    out = subprocess.run(["meson", "introspect", "--installed", build], check=True,
                         capture_output=True, text=True).stdout
    return any(path.endswith(OVERRIDE) for path in json.loads(out).values())


print("1..9", flush=True)
with tempfile.TemporaryDirectory(prefix="rp-district-") as tmp:
    district = os.path.join(tmp, "district")
    r = setup(district, "-Ddefault-origin=https://origin.qingxi.example/rp", "-Ddefault-channel=qingxi",
              "-Dtrusted-keys=" + ",".join(KEYS))
    if r.returncode != 0:
        print(r.stdout + r.stderr, file=sys.stderr)
        sys.exit(1)
    schemas = compiled(district)
    check(get(schemas, "origin-url") == "'https://origin.qingxi.example/rp'", "district origin is the default")
    check(get(schemas, "channel") == "'qingxi'", "district channel is the default")
    check(get(schemas, "trusted-keys") == "[%s]" % ", ".join("'%s'" % k for k in KEYS),
          "district keys are the default")
    check(installs_override(district), "the vendor override is installed")

    plain = os.path.join(tmp, "plain")
    r = setup(plain)
    check(r.returncode == 0, "a build without district options configures")
    schemas = compiled(plain)
    check(get(schemas, "origin-url") == "''" and get(schemas, "channel") == "'demo'",
          "without options the demo stays the default")
    check(get(schemas, "trusted-keys") == "@as []", "without options no key is trusted by default")
    check(not installs_override(plain), "without options no override is installed")

    r = setup(os.path.join(tmp, "bad"), "-Ddefault-channel=it's")
    check(r.returncode != 0 and "must not contain quotes" in r.stdout + r.stderr,
          "a quote in a district value is refused at setup")
sys.exit(0 if ok else 1)

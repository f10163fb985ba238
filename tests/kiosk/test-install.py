#!/usr/bin/env python3
"""`meson install --destdir`, then the installed programs run from there.

Checks that every file a terminal needs is installed (programs, desktop file,
metainfo, schema, icons, translations, demo bundle source, kiosk unit, PAM
file, man pages), that the installed command-line programs answer, and that
the installed reader starts on an empty data directory (in Xvfb), installs
the demo and keeps running.

usage: test-install.py BUILD_DIR
"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

APP_ID = "io.github.readingpoint.ReadingPoint"


def fail(reason):
    print(f"FAIL: {reason}")
    sys.exit(1)


def main():
    build = sys.argv[1]
    work = tempfile.mkdtemp(prefix="rp-install-")
    dest = os.path.join(work, "root")
    try:
        subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild"],
                       check=True, stdout=subprocess.DEVNULL)
        files = [os.path.relpath(p, dest) for p in glob.glob(dest + "/**", recursive=True) if os.path.isfile(p)]
        expected = [
            "bin/readingpoint", "bin/readingpoint-admin",
            f"share/applications/{APP_ID}.desktop",
            f"share/metainfo/{APP_ID}.metainfo.xml",
            f"share/glib-2.0/schemas/{APP_ID}.gschema.xml",
            f"share/icons/hicolor/scalable/apps/{APP_ID}.svg",
            f"share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg",
            "share/locale/zh_CN/LC_MESSAGES/readingpoint.mo",
            "share/locale/zh_TW/LC_MESSAGES/readingpoint.mo",
            "share/readingpoint/demo/catalogue.json",
            "share/readingpoint/demo.pub", "share/readingpoint/demo-origin/channels/demo/latest.json",
            "share/readingpoint/demo-origin/channels/demo/latest.json.minisig",
            "bin/readingpoint-publish",
            # Poppler runs here, never in the kiosk (DESIGN.md "PDF rendering").
            "libexec/readingpoint-render-helper",
            "lib/systemd/system/readingpoint-kiosk@.service",
            "pam.d/readingpoint-kiosk",
            "share/readingpoint/kiosk/README.md",
            "share/readingpoint/kiosk/gnome-kiosk-script",
            "share/man/man1/readingpoint.1", "share/man/man1/readingpoint-admin.1",
            "share/man/man1/readingpoint-publish.1",
        ]
        missing = [e for e in expected if not any(f.endswith(e) for f in files)]
        print(f"{len(files)} files installed; expected {len(expected)} kinds, missing {missing}")
        if missing:
            fail(f"not installed: {missing}")
        pdfs = [f for f in files if "/readingpoint/demo/files/" in f and f.endswith(".pdf")]
        if len(pdfs) < 8:
            fail(f"only {len(pdfs)} demo PDFs installed")

        def installed(suffix):
            return os.path.join(dest, next(f for f in files if f.endswith(suffix)))

        admin = installed("bin/readingpoint-admin")
        reader = installed("bin/readingpoint")
        share = os.path.dirname(os.path.dirname(installed(f"applications/{APP_ID}.desktop")))
        out = subprocess.run([admin, "--help"], capture_output=True, text=True)
        if out.returncode != 0 or "Usage: readingpoint-admin" not in out.stdout:
            fail(f"installed readingpoint-admin --help: {out.returncode} {out.stdout!r}")
        out = subprocess.run([reader, "--help"], capture_output=True, text=True)
        if out.returncode != 0 or "--kiosk" not in out.stdout:
            fail(f"installed readingpoint --help: {out.returncode} {out.stdout!r}")
        png = os.path.join(work, "page.png")
        subprocess.run([admin, "render", os.path.join(dest, pdfs[0]), "--page", "1", "--width", "400", "-o", png], check=True)
        if os.path.getsize(png) < 1000:
            fail("installed readingpoint-admin render wrote an empty page")

        schemas = os.path.join(share, "glib-2.0", "schemas")
        subprocess.run(["glib-compile-schemas", schemas], check=True)
        data = os.path.join(work, "data")
        env = dict(os.environ, GSETTINGS_SCHEMA_DIR=schemas, GSETTINGS_BACKEND="memory",
                   READINGPOINT_DEMO_DIR=os.path.join(share, "readingpoint", "demo"),
                   READINGPOINT_DEMO_ORIGIN=os.path.join(share, "readingpoint", "demo-origin"),
                   READINGPOINT_DEMO_KEY=os.path.join(share, "readingpoint", "demo.pub"),
                   READINGPOINT_LOCALEDIR=os.path.join(share, "locale"), GTK_A11Y="none")
        here = os.path.dirname(os.path.abspath(__file__))
        # Its own session: xvfb-run and dbus-run-session leave children that
        # only a signal to the whole group reaches.
        proc = subprocess.Popen([os.path.join(here, "..", "run-with-display"), reader, "--kiosk", "--data-dir", data],
                                env=env, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not os.path.islink(os.path.join(data, "current")):
            time.sleep(0.2)
        time.sleep(1)
        alive = proc.poll() is None
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if not os.path.islink(os.path.join(data, "current")):
            fail("the installed reader did not install the demo bundle")
        if not alive:
            fail("the installed reader exited on its own")
        bundle = os.readlink(os.path.join(data, "current"))
        # demo-1: the signed demo origin, through the sync path (demo-0 would
        # be the unsigned fallback).
        if bundle != "bundles/demo-1":
            fail(f"the installed reader installed {bundle}, not the signed demo-1")
        print("installed reader installed", bundle, "through the signed path and kept running")
        print("PASS")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The Flatpak manifest is sound as far as can be checked offline.

It parses (and `flatpak-builder --show-manifest` reads it when installed);
its app id matches the desktop file and the metainfo; finish-args grant no
home or host file system; every downloaded source is pinned by sha256.

usage: test-flatpak-manifest.py MANIFEST DESKTOP_FILE METAINFO_FILE
"""
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET


def fail(reason):
    print(f"FAIL: {reason}")
    sys.exit(1)


def main():
    manifest_path, desktop, metainfo = sys.argv[1:4]
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    app_id = manifest.get("id") or manifest.get("app-id")
    if not app_id:
        fail("no app id")
    if os.path.basename(manifest_path) != app_id + ".json":
        fail(f"manifest file name does not match app id {app_id}")
    if os.path.basename(desktop) != app_id + ".desktop":
        fail(f"desktop file {desktop} does not match app id {app_id}")
    component_id = ET.parse(metainfo).getroot().findtext("id")
    if component_id != app_id:
        fail(f"metainfo id {component_id} != {app_id}")
    launchable = ET.parse(metainfo).getroot().findtext("launchable")
    if launchable != app_id + ".desktop":
        fail(f"metainfo launchable {launchable}")

    bad = [a for a in manifest.get("finish-args", [])
           if a.startswith("--filesystem=") and a.split("=", 1)[1].split(":")[0] in ("home", "host", "host-os", "host-etc", "~")
           or a.startswith("--filesystem=/")]
    if bad:
        fail(f"finish-args grant file system access: {bad}")
    if "--share=network" not in manifest.get("finish-args", []):
        fail("the app needs --share=network to sync")

    n_sources = 0
    def walk(modules):
        nonlocal n_sources
        for m in modules:
            if isinstance(m, str):
                continue
            for s in m.get("sources", []):
                if isinstance(s, str):
                    continue
                n_sources += 1
                if s.get("type") in ("archive", "file") and not s.get("sha256"):
                    fail(f"module {m.get('name')}: source {s.get('url') or s.get('path')} has no sha256")
                if s.get("type") == "git" and not s.get("commit"):
                    fail(f"module {m.get('name')}: git source is not pinned to a commit")
            walk(m.get("modules", []))
    walk(manifest.get("modules", []))
    print(f"{len(manifest['modules'])} modules, {n_sources} sources, all pinned; finish-args {manifest['finish-args']}")

    # app/core/meson.build generates the pinyin tables from Rime's Luna
    # Pinyin dictionary and essay at /app/share/rime-data inside the SDK.
    core_meson = os.path.join(os.path.dirname(manifest_path), "..", "app", "core", "meson.build")
    commands = [c for m in manifest["modules"] if isinstance(m, dict) for c in m.get("build-commands", [])]
    meson_text = open(core_meson, encoding="utf-8").read()
    if "/app/share/rime-data" not in meson_text:
        fail("app/core/meson.build no longer looks in /app/share/rime-data: update this test")
    for name in ("luna_pinyin.dict.yaml", "essay.txt"):
        if f"'{name}'" not in meson_text:
            fail(f"app/core/meson.build no longer names {name}: update this test")
        if not any("${FLATPAK_DEST}/share/rime-data/" + name in c for c in commands):
            fail(f"no module installs /app/share/rime-data/{name}, which the build needs")
        print(f"a module installs /app/share/rime-data/{name}")

    if shutil.which("flatpak-builder"):
        out = subprocess.run(["flatpak-builder", "--show-manifest", manifest_path], capture_output=True, text=True)
        if out.returncode != 0:
            fail(f"flatpak-builder --show-manifest: {out.stderr.strip()}")
        print("flatpak-builder --show-manifest: parsed")
    print("PASS")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Headless kiosk smoke test: the installed reader under cage, restarted by
the unit's policy after a crash and after a hang.

Steps:
 1. `meson install --destdir` the build into a private tree (the installed
    program is what runs, as in production).
 2. Run the unit's ExecStart (data/kiosk/readingpoint-kiosk@.service, as
    built) under supervise.py, as an unprivileged user, with cage's headless
    backend; wait for READY=1 and take a screenshot with grim.
 3. SIGKILL the reader: cage exits with it, the supervisor restarts the
    service; READY=1 must come back within 5 s, on the same bundle.
 4. SIGSTOP the reader (a hung main loop): the watchdog pings stop, the
    supervisor kills and restarts it; READY=1 comes back.

Needs root (cage refuses to run as root, so a user is created), cage, grim
and xwayland; exits 77 (skipped) without them.

usage: test-cage.py BUILD_DIR SCREENSHOT.png
"""
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time

USER = "rp-kiosk-test"
HERE = os.path.dirname(os.path.abspath(__file__))


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(77)


def fail(reason):
    print(f"FAIL: {reason}")
    sys.exit(1)


def run(*cmd, **kw):
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def find_prefix_file(root, rel_suffix):
    for dirpath, _, files in os.walk(root):
        for f in files:
            p = os.path.join(dirpath, f)
            if p.endswith(rel_suffix):
                return p
    return None


def read_events(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def wait_for(path, predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        events = read_events(path)
        found = predicate(events)
        if found is not None:
            return found
        time.sleep(0.1)
    fail(f"timed out after {timeout:.0f} s waiting for {what}; events: {read_events(path)[-6:]}")


def child_pids(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    pids = [int(p) for p in out.split()]
    for p in list(pids):
        pids += child_pids(p)
    return pids


def reader_pid(service_pid):
    for pid in child_pids(service_pid):
        try:
            exe = os.readlink(f"/proc/{pid}/exe")
        except OSError:
            continue
        if exe.endswith("/readingpoint"):
            return pid
    return None


def main():
    build, shot = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        skip("needs root to create the kiosk user")
    for tool in ("cage", "grim", "Xwayland"):
        if shutil.which(tool) is None:
            skip(f"{tool} is not installed")

    try:
        pwd.getpwnam(USER)
    except KeyError:
        run("useradd", "--system", "--create-home", "--shell", "/usr/sbin/nologin", USER)
    pw = pwd.getpwnam(USER)

    work = tempfile.mkdtemp(prefix="rp-kiosk-")
    os.chmod(work, 0o755)
    dest = os.path.join(work, "root")
    run("meson", "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet")
    for dirpath, dirs, files in os.walk(work):
        os.chmod(dirpath, 0o755)

    unit = find_prefix_file(dest, "/systemd/system/readingpoint-kiosk@.service")
    if unit is None:
        fail("the kiosk unit was not installed")
    exec_start = next(line.split("=", 1)[1] for line in open(unit) if line.startswith("ExecStart="))
    argv = exec_start.split()
    # The unit names installed paths; inside the DESTDIR tree they move.
    argv = [dest + a if a.startswith("/") and os.path.exists(dest + a) else a for a in argv]
    reader = next(a for a in argv if a.endswith("/readingpoint"))
    data_dir = os.path.join(work, "data")
    os.makedirs(data_dir)
    os.chown(data_dir, pw.pw_uid, pw.pw_gid)
    argv[argv.index("/var/lib/readingpoint")] = data_dir
    # wlroots 0.15's headless backend cannot scan out a fullscreen client
    # buffer ("Basic output test failed") and shows black; a rotated output
    # never scans out, and rotating by 180° twice (-r -r) keeps the picture
    # upright for grim. Real kiosks (DRM) do not need this.
    argv.insert(argv.index("--"), "-r")
    argv.insert(argv.index("--"), "-r")
    print("service:", " ".join(argv), flush=True)

    share = os.path.dirname(os.path.dirname(find_prefix_file(dest, "/applications/io.github.readingpoint.ReadingPoint.desktop")))
    schemas = os.path.join(share, "glib-2.0", "schemas")
    run("glib-compile-schemas", schemas)

    runtime = os.path.join(work, "runtime")
    os.makedirs(runtime)
    os.chown(runtime, pw.pw_uid, pw.pw_gid)
    os.chmod(runtime, 0o700)
    events = os.path.join(work, "events.jsonl")

    env = dict(os.environ,
               XDG_RUNTIME_DIR=runtime,
               WLR_BACKENDS="headless",
               WLR_LIBINPUT_NO_DEVICES="1",
               WLR_RENDERER="pixman",
               GSETTINGS_SCHEMA_DIR=schemas,
               XDG_DATA_DIRS=share + ":/usr/share",
               READINGPOINT_DEMO_DIR=os.path.join(share, "readingpoint", "demo"),
               READINGPOINT_DEMO_ORIGIN=os.path.join(share, "readingpoint", "demo-origin"),
               READINGPOINT_DEMO_KEY=os.path.join(share, "readingpoint", "demo.pub"),
               READINGPOINT_LOCALEDIR=os.path.join(share, "locale"),
               LANGUAGE="zh_CN",
               LANG="C.UTF-8",
               GSETTINGS_BACKEND="memory")
    for k in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(k, None)

    sup = subprocess.Popen([sys.executable, os.path.join(HERE, "supervise.py"),
                            "--unit", unit, "--events", events, "--runtime-dir", runtime,
                            "--user", USER, "--seconds", "150", "--"] + argv,
                           env=env)
    try:
        # 1. Up, and showing the home page.
        wait_for(events, lambda ev: True if any(e["event"] == "ready" for e in ev) else None, 60, "READY=1")
        time.sleep(2)
        starts = [e for e in read_events(events) if e["event"] == "start"]
        service = starts[-1]["pid"]
        wayland = next((f for f in os.listdir(runtime) if f.startswith("wayland-") and not f.endswith(".lock")), None)
        if wayland is None:
            fail("cage created no Wayland socket")
        subprocess.run(["runuser", "-u", USER, "--", "env", f"XDG_RUNTIME_DIR={runtime}",
                        f"WAYLAND_DISPLAY={wayland}", "grim", os.path.join(runtime, "shot.png")], check=True)
        shutil.copy(os.path.join(runtime, "shot.png"), shot)
        out = subprocess.run(["identify", "-format", "%w %h %[fx:standard_deviation]", shot],
                             capture_output=True, text=True, check=True).stdout.split()
        print(f"screenshot {shot}: {out[0]}x{out[1]}, standard deviation {out[2]}")
        if float(out[2]) < 0.05:
            fail("the screenshot is (nearly) uniform: the home page is not showing")
        bundle = os.readlink(os.path.join(data_dir, "current"))
        print("installed bundle:", bundle)
        if bundle != "bundles/demo-1":
            fail(f"the kiosk installed {bundle}, not the signed demo-1")

        # 2. A crash: SIGKILL the reader.
        pid = reader_pid(service)
        if pid is None:
            fail("cannot find the reader process")
        n_ready = sum(1 for e in read_events(events) if e["event"] == "ready")
        t_kill = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        t_ready = wait_for(events, lambda ev: next((e["t"] for e in ev if e["event"] == "ready" and e["t"] > t_kill), None),
                           30, "READY=1 after SIGKILL")
        print(f"back after SIGKILL in {t_ready - t_kill:.2f} s")
        if t_ready - t_kill > 5:
            fail(f"the kiosk took {t_ready - t_kill:.2f} s to come back (limit 5 s)")
        if os.readlink(os.path.join(data_dir, "current")) != bundle:
            fail("the kiosk came back on another bundle")

        # 3. A hang: SIGSTOP the reader; the watchdog must catch it.
        starts = [e for e in read_events(events) if e["event"] == "start"]
        time.sleep(1)
        pid = reader_pid(starts[-1]["pid"])
        if pid is None:
            fail("cannot find the restarted reader process")
        t_stop = time.monotonic()
        os.kill(pid, signal.SIGSTOP)
        t_timeout = wait_for(events, lambda ev: next((e["t"] for e in ev if e["event"] == "watchdog-timeout" and e["t"] > t_stop), None),
                             90, "the watchdog to fire")
        t_back = wait_for(events, lambda ev: next((e["t"] for e in ev if e["event"] == "ready" and e["t"] > t_timeout), None),
                          30, "READY=1 after the watchdog restart")
        print(f"hung reader caught by the watchdog after {t_timeout - t_stop:.1f} s, back {t_back - t_timeout:.2f} s later")
        if os.readlink(os.path.join(data_dir, "current")) != bundle:
            fail("the kiosk came back on another bundle after the watchdog restart")
        print("PASS")
    finally:
        sup.send_signal(signal.SIGTERM)
        try:
            sup.wait(timeout=20)
        except subprocess.TimeoutExpired:
            sup.kill()
        subprocess.run(["pkill", "-KILL", "-u", USER], check=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

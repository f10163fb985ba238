#!/usr/bin/env python3
"""A stand-in for systemd that applies a unit's restart and watchdog policy.

Test machines have no systemd as PID 1, so the kiosk test runs the unit's
ExecStart under this supervisor, which reads Restart=, RestartSec=,
WatchdogSec= and WatchdogSignal= from the unit file and behaves as systemd
does for Type=notify services: it provides $NOTIFY_SOCKET and $WATCHDOG_USEC,
waits for READY=1, kills the service with WatchdogSignal when WATCHDOG=1
pings stop for WatchdogSec, and restarts it RestartSec after any exit when
Restart=always.

Events are written one JSON object per line to --events, with a monotonic
timestamp, so the test can measure what happened.

usage: supervise.py --unit UNIT --events FILE --runtime-dir DIR
                    [--user USER] [--seconds N] -- COMMAND...
"""
import argparse
import json
import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import time


def parse_unit(path):
    values = {}
    section = None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^\[(.+)\]$", line)
        if m:
            section = m.group(1)
            continue
        if section == "Service" and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def seconds(value, default):
    if value is None:
        return default
    m = re.match(r"^(\d+(?:\.\d+)?)(ms|s|min)?$", value)
    if not m:
        raise SystemExit(f"supervise: cannot read time span {value!r}")
    n = float(m.group(1))
    return {"ms": n / 1000, "min": n * 60}.get(m.group(2), n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unit", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--runtime-dir", required=True)
    ap.add_argument("--user")
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("command", nargs="+")
    args = ap.parse_args()

    unit = parse_unit(args.unit)
    restart = unit.get("Restart", "no")
    restart_sec = seconds(unit.get("RestartSec"), 0.1)
    watchdog_sec = seconds(unit.get("WatchdogSec"), 0)
    watchdog_signal = getattr(signal, unit.get("WatchdogSignal", "SIGABRT"))
    if unit.get("Type") != "notify" or unit.get("NotifyAccess") != "all":
        raise SystemExit("supervise: the unit must be Type=notify with NotifyAccess=all")

    sock_path = os.path.join(args.runtime_dir, "notify.sock")
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    os.chmod(sock_path, 0o777)
    sock.settimeout(0.1)

    events = open(args.events, "a", buffering=1, encoding="utf-8")

    def event(kind, **extra):
        events.write(json.dumps({"t": time.monotonic(), "event": kind, **extra}) + "\n")

    env = dict(os.environ)
    env["NOTIFY_SOCKET"] = sock_path
    if watchdog_sec:
        env["WATCHDOG_USEC"] = str(int(watchdog_sec * 1_000_000))
    preexec = None
    if args.user:
        pw = pwd.getpwnam(args.user)

        def preexec():
            os.setsid()
            os.setgid(pw.pw_gid)
            os.initgroups(args.user, pw.pw_gid)
            os.setuid(pw.pw_uid)
        env["HOME"] = pw.pw_dir
        env["USER"] = args.user
    else:
        preexec = os.setsid

    deadline = time.monotonic() + args.seconds
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    while not stopping and time.monotonic() < deadline:
        proc = subprocess.Popen(args.command, env=env, preexec_fn=preexec)
        event("start", pid=proc.pid)
        ready = False
        last_ping = time.monotonic()
        killed_by_watchdog = False
        while proc.poll() is None and not stopping and time.monotonic() < deadline:
            try:
                data = sock.recv(4096).decode("utf-8", "replace")
            except socket.timeout:
                data = ""
            for line in data.splitlines():
                if line == "READY=1":
                    ready = True
                    last_ping = time.monotonic()
                    event("ready")
                elif line == "WATCHDOG=1":
                    last_ping = time.monotonic()
                    event("ping")
            if ready and watchdog_sec and time.monotonic() - last_ping > watchdog_sec and not killed_by_watchdog:
                event("watchdog-timeout")
                killed_by_watchdog = True
                os.killpg(proc.pid, watchdog_signal)
                # As systemd: the stop signal, then SIGKILL after a grace period.
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        # Take down whatever the service left in its process group.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        event("exit", status=proc.returncode)
        if stopping or restart != "always":
            break
        time.sleep(restart_sec)
    event("stopped")
    sock.close()
    os.unlink(sock_path)


if __name__ == "__main__":
    main()

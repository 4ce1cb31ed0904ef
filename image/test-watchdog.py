#!/usr/bin/env python3
"""test-watchdog.py - the kiosk's side of systemd's notify + watchdog protocol, checked by a
harness that plays systemd's part on a NOTIFY_SOCKET.

    image/test-watchdog.py build/shadowday-kiosk [PACK_DIR]

Starts the kiosk headless (SDL dummy driver) the way systemd starts the unit (NOTIFY_SOCKET,
WATCHDOG_USEC), then checks: READY=1 arrives (after the first frame); WATCHDOG=1 arrives at
least once per period while it runs; none arrives while it is stopped with SIGSTOP, so systemd
would declare a watchdog timeout within WatchdogSec; after that the harness does what
Restart=always does (SIGABRT, start again) and times the new READY=1; SIGKILL is followed by
the same restart. The restart here is the harness's, not systemd's: where systemd is PID 1,
image/README.md describes the same test on the real unit. No root needed.
Prints "N passed, N failed".
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

PERIOD_S = 2.0          # WATCHDOG_USEC given to the kiosk (the unit uses 20 s)
passed = failed = 0


def report(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok   - " + what)
    else:
        failed += 1
        print("FAIL - " + what)


def messages(sock, until):
    """Datagrams received before the monotonic time `until`, with their arrival times."""
    got = []
    while True:
        left = until - time.monotonic()
        if left <= 0:
            return got
        sock.settimeout(left)
        try:
            data = sock.recv(4096).decode("utf-8", "replace")
        except socket.timeout:
            return got
        got.append((time.monotonic(), data))


def wait_for(sock, word, timeout):
    """Seconds until a datagram containing the line `word` arrives, or None."""
    start = time.monotonic()
    end = start + timeout
    while time.monotonic() < end:
        for when, data in messages(sock, min(end, time.monotonic() + 0.2)):
            if word in data.split("\n"):
                return when - start
    return None


def start(kiosk, env, data_dir, pack):
    args = [kiosk, "--data", data_dir, "--size", "800x480"]
    if pack:
        args += ["--pack", pack]
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    kiosk = os.path.abspath(sys.argv[1])
    pack = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
    tmp = tempfile.mkdtemp(prefix="sd-watchdog-")
    sock_path = os.path.join(tmp, "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    env = dict(os.environ, NOTIFY_SOCKET=sock_path, WATCHDOG_USEC=str(int(PERIOD_S * 1e6)),
               SDL_VIDEODRIVER="dummy")
    env.pop("WATCHDOG_PID", None)
    data_dir = os.path.join(tmp, "data")

    proc = start(kiosk, env, data_dir, pack)
    ready = wait_for(sock, "READY=1", 30)
    report(ready is not None, "READY=1 after start (%.2f s)" % (ready if ready is not None else -1))

    got = messages(sock, time.monotonic() + 4 * PERIOD_S)
    feeds = [when for when, data in got if "WATCHDOG=1" in data.split("\n")]
    gaps = [b - a for a, b in zip(feeds, feeds[1:])]
    report(len(feeds) >= 3 and max(gaps or [99]) < PERIOD_S,
           "WATCHDOG=1 every period while running (%d in %.0f s, longest gap %.2f s, period %.1f s)"
           % (len(feeds), 4 * PERIOD_S, max(gaps or [0]), PERIOD_S))

    proc.send_signal(signal.SIGSTOP)
    got = messages(sock, time.monotonic() + 2 * PERIOD_S)
    feeds = [when for when, data in got if "WATCHDOG=1" in data.split("\n")]
    report(not feeds, "no WATCHDOG=1 while stopped (SIGSTOP): systemd's timeout fires within %.0f s"
           % PERIOD_S)
    # What systemd does on the timeout (WatchdogSignal=SIGABRT) and then Restart=always.
    proc.send_signal(signal.SIGABRT)
    proc.send_signal(signal.SIGCONT)
    proc.wait(10)
    proc = start(kiosk, env, data_dir, pack)
    ready = wait_for(sock, "READY=1", 30)
    report(ready is not None, "after the watchdog kill the restarted kiosk is READY (first frame) in %.2f s"
           % (ready if ready is not None else -1))

    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    proc = start(kiosk, env, data_dir, pack)
    ready = wait_for(sock, "READY=1", 30)
    report(ready is not None, "after kill -9 the restarted kiosk is READY (first frame) in %.2f s"
           % (ready if ready is not None else -1))
    feeds = [w for w, d in messages(sock, time.monotonic() + 2 * PERIOD_S) if "WATCHDOG=1" in d]
    report(len(feeds) >= 2, "and feeds the watchdog again (%d in %.0f s)" % (len(feeds), 2 * PERIOD_S))

    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = None
    report(code == 0, "SIGTERM stops it cleanly (status %s)" % code)
    sock.close()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Peak resident memory of a process while a command runs.

Reads VmRSS, RssAnon and RssFile of PID, runs COMMAND, samples them every
INTERVAL seconds until COMMAND exits, and prints, after COMMAND's own
standard output (passed through), `key value` lines:

  rss_idle_kb, rss_peak_kb, anon_idle_kb, anon_peak_kb, file_peak_kb,
  samples, command_status

rss_idle_kb is the VmRSS just before COMMAND started. Exits with COMMAND's
status.

  rss_peak.py --pid 1234 -- curl -sS -o /dev/null -w '%{time_total}' URL
"""

import argparse
import subprocess
import sys
import time

KEYS = ("VmRSS", "RssAnon", "RssFile")


def memory_kb(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, rest = line.partition(":")
            if name in KEYS:
                values[name] = int(rest.split()[0])
    return values


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--interval", type=float, default=0.02)
    p.add_argument("command", nargs=argparse.REMAINDER)
    a = p.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not command:
        p.error("no command to run")

    idle = memory_kb(a.pid)
    peak = dict(idle)
    samples = 1
    child = subprocess.Popen(command)
    while True:
        try:
            status = child.wait(timeout=a.interval)
            break
        except subprocess.TimeoutExpired:
            pass
        current = memory_kb(a.pid)
        samples += 1
        for k in KEYS:
            peak[k] = max(peak[k], current[k])
    current = memory_kb(a.pid)
    for k in KEYS:
        peak[k] = max(peak[k], current[k])

    sys.stdout.flush()
    print()
    print(f"rss_idle_kb {idle['VmRSS']}")
    print(f"rss_peak_kb {peak['VmRSS']}")
    print(f"anon_idle_kb {idle['RssAnon']}")
    print(f"anon_peak_kb {peak['RssAnon']}")
    print(f"file_peak_kb {peak['RssFile']}")
    print(f"samples {samples}")
    print(f"command_status {status}")
    sys.exit(status)


if __name__ == "__main__":
    main()

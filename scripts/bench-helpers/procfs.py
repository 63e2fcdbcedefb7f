"""What /proc says of a process, for the benchmark helpers."""


def status_kb(pid, key):
    """A line of /proc/PID/status in kB, e.g. status_kb(pid, "VmRSS")."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{key} missing from /proc/{pid}/status")

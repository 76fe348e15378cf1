"""Facts about the machine a benchmark ran on, for the report (shared by the benchmark scripts)."""
from __future__ import annotations

import os
import platform
import subprocess
import sys


def run(cmd: list[str]) -> str:
    """Output of a short command, or the reason it failed (never raises)."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False).stdout.rstrip()
    except Exception as exc:  # pragma: no cover
        return f"({exc})"


def machine_facts() -> dict[str, str]:
    """Date, CPU count and model, memory (`free -g`) and Python version."""
    cpu = platform.processor()
    if os.path.exists("/proc/cpuinfo"):
        with open("/proc/cpuinfo") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    return {"date": run(["date"]), "nproc": run(["nproc"]), "free": run(["free", "-g"]), "cpu": cpu,
            "python": sys.version.split()[0]}

"""Running pip for the bundle: build a wheel, download wheels for a target, read its failures.

pip is always ``sys.executable -m pip``, the pip of the Python that runs the
builder. Its output is kept and handed back on failure: the builder turns it
into a Chinese message and shows pip's last lines for the IT person.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .platforms import Platform, version_text

# What pip says when it cannot reach an index; any of these means "the network", not the package.
_NETWORK_SIGNS = (
    "NewConnectionError", "Max retries exceeded", "Temporary failure in name resolution",
    "Name or service not known", "nodename nor servname", "getaddrinfo failed", "ConnectTimeout",
    "ReadTimeout", "timed out", "ProxyError", "SSLError", "Connection refused", "Connection reset",
    "Network is unreachable", "No route to host", "Could not fetch URL",
)
_NO_MATCH = re.compile(r"No matching distribution found for (\S+)")
_NO_VERSION = re.compile(r"Could not find a version that satisfies the requirement (\S+)")


class PipFailed(Exception):
    """pip ended with an error: what kind, for which requirement, and its last lines."""

    def __init__(self, kind: str, requirement: str | None, tail: str) -> None:
        super().__init__(kind, requirement, tail)
        self.kind = kind  # "network", "unavailable" (no wheel for the target) or "other"
        self.requirement = requirement
        self.tail = tail

    def __str__(self) -> str:
        return f"pip failed ({self.kind}, {self.requirement}):\n{self.tail}"


def classify(output: str) -> tuple[str, str | None]:
    """The kind of a pip failure and the requirement it names, from pip's output."""
    found = _NO_MATCH.search(output) or _NO_VERSION.search(output)
    requirement = found.group(1) if found else None
    if any(sign in output for sign in _NETWORK_SIGNS):
        return "network", requirement
    if requirement:
        return "unavailable", requirement
    return "other", None


def _tail(output: str, lines: int = 12) -> str:
    """The last ``lines`` non-empty lines of pip's output."""
    kept = [line for line in output.splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def run(args: list[str]) -> str:
    """Run ``python -m pip`` with ``args``; its output, or ``PipFailed`` when it fails."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PIP_NO_INPUT="1", PIP_PROGRESS_BAR="off")
    done = subprocess.run([sys.executable, "-m", "pip", *args], env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          encoding="utf-8", errors="replace")
    if done.returncode != 0:
        kind, requirement = classify(done.stdout)
        raise PipFailed(kind, requirement, _tail(done.stdout))
    return done.stdout


def build_wheel(source: Path | str, into: Path, *, binary: bool = True) -> str:
    """Build the wheel of ``source`` (a project folder or a requirement) into ``into``, without deps."""
    args = ["wheel", "--no-deps", "--wheel-dir", str(into)]
    if not binary:  # build from the sdist even where a wheel for this machine exists
        args += ["--no-binary", re.split(r"[\[<>=!~; ]", str(source), maxsplit=1)[0]]
    return run([*args, str(source)])


def download(requirements: list[str], platform: Platform, version: tuple[int, int], into: Path) -> str:
    """Download wheels for ``requirements`` and their dependencies for the target into ``into``."""
    args = ["download", "--only-binary=:all:", "--dest", str(into), "--find-links", str(into),
            "--implementation", "cp", "--python-version", version_text(version),
            "--abi", f"cp{version[0]}{version[1]}"]
    for tag in platform.pip_platforms:
        args += ["--platform", tag]
    return run([*args, *requirements])

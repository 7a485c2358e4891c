"""The other tools BriefBook is measured against: found on the PATH, or installed with apt-get
when running as root on Debian/Ubuntu. A peer that cannot be had is skipped with a note."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

APT_PACKAGES = {"soffice": "libreoffice-writer-nogui", "pandoc": "pandoc"}
_apt_updated: list[bool] = []  # apt-get update runs at most once per run


def find_tool(command: str) -> tuple[str | None, str]:
    """The tool's path (or None) and a note on how it was found or why it is missing."""
    found = shutil.which(command)
    if found:
        return found, ""
    package = APT_PACKAGES.get(command)
    if package is None or os.geteuid() != 0 or shutil.which("apt-get") is None:
        return None, f"{command} is not installed (install {package or command} to compare)"
    print(f"  installing {package} for the comparison…", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        if not _apt_updated:
            subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
            _apt_updated.append(True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", package],
            check=True,
            env=env,
            timeout=1800,
            stdout=subprocess.DEVNULL,
        )
    except (subprocess.SubprocessError, OSError) as error:
        return None, f"{package} could not be installed ({error})"
    found = shutil.which(command)
    return found, "" if found else f"{package} installed but {command} is not on the PATH"


def tool_version(command: str, flag: str = "--version") -> str:
    try:
        result = subprocess.run(
            [command, flag], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "?"
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0].strip() if lines else "?"

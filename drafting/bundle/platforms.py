"""The target platforms of an offline bundle: pip's platform tags and the marker values.

Pure: no I/O. A bundle is built on a machine with internet for a PC without
it, so pip is told the target's platform tags, and the environment markers of
the requirements (``colorama; platform_system == "Windows"``) are evaluated
here for the target, since pip evaluates them for the machine it runs on.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._packaging import Tag, compatible_tags, cpython_tags

#: The Python versions every bundle carries wheels for (the versions install.bat/.sh accept).
PYTHON_VERSIONS: tuple[tuple[int, int], ...] = ((3, 10), (3, 11), (3, 12), (3, 13))

# 麒麟 V10 and 统信 UOS 20 ship glibc 2.28, so manylinux wheels up to 2_28 run there;
# newer ones (2_31, 2_34 …) would be picked by pip here and fail to install on them.
_GLIBC_NEWEST = 28
_LEGACY_MANYLINUX = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}


@dataclass(frozen=True)
class Platform:
    """One target platform: its name on the command line, script family and wheel tags."""

    name: str
    family: str  # "windows" or "linux": which scripts the bundle gets
    label: str  # the platform in the user's words
    pip_platforms: tuple[str, ...]  # the --platform values, most preferred first
    machine: str  # platform_machine as Python reports it there

    def markers(self, version: tuple[int, int]) -> dict[str, str]:
        """The environment-marker values of CPython ``version`` on this platform."""
        full = f"{version[0]}.{version[1]}.0"
        windows = self.family == "windows"
        return {
            "implementation_name": "cpython",
            "implementation_version": full,
            "os_name": "nt" if windows else "posix",
            "platform_machine": self.machine,
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_system": "Windows" if windows else "Linux",
            "platform_version": "",
            "python_full_version": full,
            "python_version": f"{version[0]}.{version[1]}",
            "sys_platform": "win32" if windows else "linux",
            "extra": "",
        }

    def tags(self, version: tuple[int, int]) -> frozenset[Tag]:
        """The wheel tags CPython ``version`` accepts on this platform."""
        interpreter = f"cp{version[0]}{version[1]}"
        platforms = list(self.pip_platforms)
        found = set(cpython_tags(version, [interpreter], platforms))
        found.update(compatible_tags(version, interpreter, platforms))
        return frozenset(found)


def _manylinux(arch: str, oldest: int) -> tuple[str, ...]:
    """manylinux tags for ``arch`` from glibc 2._GLIBC_NEWEST down to 2.``oldest``, with legacy names."""
    tags = []
    for minor in range(_GLIBC_NEWEST, oldest - 1, -1):
        tags.append(f"manylinux_2_{minor}_{arch}")
        if minor in _LEGACY_MANYLINUX:
            tags.append(f"{_LEGACY_MANYLINUX[minor]}_{arch}")
    return tuple(tags)


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform("win_amd64", "windows", "Windows（64 位）", ("win_amd64",), "AMD64"),
        Platform("manylinux_x86_64", "linux", "Linux x86_64（麒麟、统信 UOS 等）",
                 _manylinux("x86_64", 5), "x86_64"),
        # aarch64 wheels start at manylinux2014 (glibc 2.17).
        Platform("manylinux_aarch64", "linux", "Linux aarch64（麒麟、统信 UOS 等，ARM 处理器）",
                 _manylinux("aarch64", 17), "aarch64"),
    )
}


def version_text(version: tuple[int, int]) -> str:
    """``3.12`` for ``(3, 12)``."""
    return f"{version[0]}.{version[1]}"

"""The wheels folder of a bundle: what its wheels are, and what a target still lacks.

``walk`` goes through the requirements from ``drafting`` down, the way pip will
walk them on the target with ``--no-index``: markers evaluated for that
platform and Python version, each requirement met by the newest wheel there
whose tags the target accepts. What it cannot meet is what the installer
would fail on offline, so the builder downloads it before the bundle is done.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

from ._packaging import (InvalidRequirement, InvalidWheelFilename, Requirement, SpecifierSet, Tag,
                         Version, canonicalize_name, parse_wheel_filename)
from .platforms import Platform


class WheelProblem(Exception):
    """A wheel file that cannot be read (damaged download, bad metadata)."""


@dataclass(frozen=True)
class Wheel:
    """One wheel file: its project, version, tags and what it requires."""

    path: Path
    name: str  # canonical project name
    version: Version
    tags: frozenset[Tag]
    requires: tuple[str, ...]
    requires_python: str

    @property
    def pure(self) -> bool:
        """Whether the wheel runs on any platform (no compiled code): ``py3-none-any``."""
        return all(t.abi == "none" and t.platform == "any" and t.interpreter.startswith("py")
                   for t in self.tags)


def read_wheel(path: Path) -> Wheel:
    """The name, version, tags and requirements of the wheel at ``path``."""
    try:
        name, version, _build, tags = parse_wheel_filename(path.name)
    except InvalidWheelFilename as exc:
        raise WheelProblem(f"{path.name}：文件名不是有效的 wheel 名称") from exc
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [n for n in archive.namelist()
                       if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
            if len(entries) != 1:
                raise WheelProblem(f"{path.name}：安装包中没有唯一的 METADATA 文件")
            text = archive.read(entries[0]).decode("utf-8")
    except (OSError, zipfile.BadZipFile) as exc:
        raise WheelProblem(f"{path.name}：无法读取（文件可能损坏）") from exc
    meta = HeaderParser().parsestr(text)
    return Wheel(path, canonicalize_name(name), version, frozenset(tags),
                 tuple(meta.get_all("Requires-Dist") or ()), meta.get("Requires-Python") or "")


def read_folder(folder: Path) -> dict[str, list[Wheel]]:
    """Every wheel of ``folder``, by canonical project name."""
    found: dict[str, list[Wheel]] = {}
    for path in sorted(folder.glob("*.whl")):
        wheel = read_wheel(path)
        found.setdefault(wheel.name, []).append(wheel)
    return found


def _runs_on(wheel: Wheel, tags: frozenset[Tag], python: Version) -> bool:
    """Whether pip on the target would take ``wheel``: tags accepted, Requires-Python met."""
    if not wheel.tags & tags:
        return False
    if not wheel.requires_python:
        return True
    try:
        return SpecifierSet(wheel.requires_python).contains(python, prereleases=True)
    except ValueError:  # an unreadable Requires-Python: pip ignores it too
        return True


def _wanted(requirement: Requirement, markers: dict[str, str], extras: frozenset[str]) -> bool:
    """Whether ``requirement`` applies on the target for a parent installed with ``extras``."""
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**markers, "extra": extra}) for extra in (extras or {""}))


def _plain(requirement: Requirement) -> str:
    """The requirement without its marker, as pip takes it on the command line."""
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


def walk(folder: Path | dict[str, list[Wheel]], roots: list[str], platform: Platform,
         version: tuple[int, int]) -> tuple[list[Wheel], list[str]]:
    """The wheels pip would install on the target for ``roots``, and the requirements none meets."""
    wheels = read_folder(folder) if isinstance(folder, Path) else folder
    tags = platform.tags(version)
    markers = platform.markers(version)
    python = Version(markers["python_full_version"])
    todo = [Requirement(r) for r in roots]
    done: set[tuple[str, Version, frozenset[str]]] = set()
    chosen: dict[str, Wheel] = {}
    lacking: list[str] = []
    while todo:
        requirement = todo.pop(0)
        name = canonicalize_name(requirement.name)
        candidates = [w for w in wheels.get(name, ())
                      if _runs_on(w, tags, python)
                      and requirement.specifier.contains(w.version, prereleases=True)]
        if not candidates:
            text = _plain(requirement)
            if text not in lacking:
                lacking.append(text)
            continue
        best = max(candidates, key=lambda w: w.version)
        chosen.setdefault(name, best)
        extras = frozenset(canonicalize_name(e) for e in requirement.extras)
        key = (name, best.version, extras)
        if key in done:
            continue
        done.add(key)
        for line in best.requires:
            try:
                dependency = Requirement(line)
            except InvalidRequirement as exc:
                raise WheelProblem(f"{best.path.name}：无法理解依赖声明“{line}”") from exc
            if _wanted(dependency, markers, extras):
                todo.append(dependency)
    return sorted(chosen.values(), key=lambda w: w.name), lacking

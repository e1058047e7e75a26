"""The ``packaging`` library: the installed one, or the copy pip carries.

The bundle builder drives pip anyway, so pip's own copy is always there even
where ``packaging`` itself is not installed; both give the same answers pip
gives when it chooses wheels and evaluates markers.
"""

from __future__ import annotations

try:
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.tags import Tag, compatible_tags, cpython_tags
    from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
    from packaging.version import Version
except ImportError:  # pragma: no cover - depends on the machine
    from pip._vendor.packaging.requirements import InvalidRequirement, Requirement  # type: ignore
    from pip._vendor.packaging.specifiers import SpecifierSet  # type: ignore
    from pip._vendor.packaging.tags import Tag, compatible_tags, cpython_tags  # type: ignore
    from pip._vendor.packaging.utils import (  # type: ignore
        InvalidWheelFilename, canonicalize_name, parse_wheel_filename)
    from pip._vendor.packaging.version import Version  # type: ignore

__all__ = [
    "InvalidRequirement", "InvalidWheelFilename", "Requirement", "SpecifierSet", "Tag", "Version",
    "canonicalize_name", "compatible_tags", "cpython_tags", "parse_wheel_filename",
]

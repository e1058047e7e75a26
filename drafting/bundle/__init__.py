"""Offline installer: a folder of wheels and scripts that installs drafting on a PC without internet.

``python -m drafting.bundle --platform win_amd64 -o 起草工具离线包`` builds, on a
machine with internet, a folder holding the wheel of drafting itself, the
wheels of all its dependencies for CPython 3.10–3.13 on the target platform,
``install`` and ``启动起草工具`` scripts for that platform and a ``说明.txt``.

The modules, in the order a build uses them: ``platforms`` (target tags and
marker values, pure), ``wheels`` (what a folder of wheels holds and what a
target still lacks), ``pip`` (running pip and reading its failures),
``scripts`` (the installer scripts and note, pure), ``installed`` (drafting's
wheel re-packed from the installed copy when there is no source), ``builder`` (the build,
staged beside the destination), ``__main__`` (the command line). Nothing of
the rest of the package imports this one.
"""

from .builder import Bundle, BundleFailed, build

__all__ = ["Bundle", "BundleFailed", "build"]

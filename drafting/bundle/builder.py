"""Building an offline bundle: the drafting wheel, every dependency for the target, the scripts.

The bundle is assembled in a hidden folder beside the destination and renamed
to it only when complete, so a failed or cancelled build leaves nothing
behind, and an existing folder with anything in it is never touched.
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DraftError, InputError, os_problem
from . import installed, pip, scripts
from ._packaging import canonicalize_name
from .pip import PipFailed
from .platforms import PLATFORMS, PYTHON_VERSIONS, Platform, version_text
from .wheels import Wheel, WheelProblem, read_wheel, walk

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # drafting/bundle/builder.py → the checkout
_MAX_ROUNDS = 8  # download rounds per Python version before giving up on a closure


class BundleFailed(DraftError):
    """The bundle could not be built (network, a package with no wheel for the target): exit code 1."""

    exit_code = 1


@dataclass(frozen=True)
class Bundle:
    """A finished bundle: where it is, for which platform, and what it holds."""

    path: Path
    platform: Platform
    version: str
    wheels: tuple[Path, ...]
    per_python: dict[str, int]  # Python version → number of wheels pip installs there
    built_locally: tuple[str, ...]  # projects built here from their sdist

    @property
    def size(self) -> int:
        """The bundle's size in bytes."""
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


def platform_named(name: str) -> Platform:
    """The platform called ``name`` on the command line, or ``InputError`` naming the choices."""
    try:
        return PLATFORMS[name]
    except KeyError:
        choices = "、".join(PLATFORMS)
        raise InputError(f"不认识的平台“{name}”：可选 {choices}。") from None


def _is_source(folder: Path) -> bool:
    """Whether ``folder`` is the root of drafting's source (pyproject.toml naming it, the package)."""
    pyproject = folder / "pyproject.toml"
    if not (pyproject.is_file() and (folder / "drafting" / "__init__.py").is_file()):
        return False
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r'^name\s*=\s*"drafting"\s*$', text, re.MULTILINE) is not None


def _installed() -> importlib.metadata.Distribution | None:
    """The installed distribution of drafting when it is the copy running now, else ``None``."""
    try:
        dist = importlib.metadata.distribution("drafting")
    except importlib.metadata.PackageNotFoundError:
        return None
    return dist if installed.runs_from(dist, _PACKAGE_ROOT / "drafting" / "__init__.py") else None


def find_source(explicit: Path | None = None) -> Path | importlib.metadata.Distribution:
    """Where drafting's own wheel comes from: the source given, this checkout, or the installed copy running now."""
    if explicit is not None:
        if not _is_source(explicit):
            raise InputError(f"{explicit} 不是起草工具的源代码文件夹（其中应有 pyproject.toml 和 drafting 文件夹）。")
        return explicit.resolve()
    if _is_source(_PACKAGE_ROOT):
        return _PACKAGE_ROOT
    dist = _installed()
    if dist is not None:
        return dist
    raise InputError(
        "找不到起草工具的源代码（含 pyproject.toml 的文件夹），也找不到正在运行的起草工具的安装记录：无法生成起草工具本身的安装包。",
        hint="请在起草工具的源代码文件夹中运行本命令，或用 --source 指定源代码文件夹。")


def check_destination(dest: Path) -> None:
    """Refuse a destination that exists with anything in it, or whose parent folder is missing."""
    if dest.exists() or dest.is_symlink():
        if not dest.is_dir() or dest.is_symlink():
            raise InputError(f"{dest} 已存在，而且不是文件夹：请换一个新的文件夹名。")
        if any(dest.iterdir()):
            raise InputError(f"文件夹 {dest} 已存在且不是空的：为免覆盖或混入旧文件，请换一个新的文件夹名，或先删除它。")
    if not dest.parent.is_dir():
        raise InputError(f"上级文件夹 {dest.parent} 不存在：请先建好它，或换一个位置。")


def _pip_says(failure: PipFailed) -> str:
    """pip's last lines, to follow a Chinese message."""
    return f"\npip 的输出（最后几行）：\n{failure.tail}" if failure.tail else ""


def _network(what: str, failure: PipFailed) -> BundleFailed:
    """The error for a download that failed for want of the network."""
    return BundleFailed(f"无法下载{what}：连不上软件包索引（PyPI）。请检查网络或代理设置后重试。"
                        + _pip_says(failure))


class _Builder:
    """One bundle build: the staging folder, the target, and what was built here."""

    def __init__(self, platform: Platform, staging: Path, progress: Callable[[str], None]) -> None:
        self.platform = platform
        self.wheels = staging / "wheels"
        self.scratch = staging / "_build"
        self.progress = progress
        self.built_locally: list[str] = []

    def own_wheel(self, source: Path | importlib.metadata.Distribution) -> Wheel:
        """drafting's own wheel in the wheels folder: built from ``source``, or re-packed from the installed copy."""
        self.wheels.mkdir()
        if not isinstance(source, Path):
            try:
                return read_wheel(installed.repack(source, self.wheels))
            except installed.NotRepackable as exc:
                raise BundleFailed(f"无法用已安装的起草工具生成它的安装包：{exc}。",
                                   hint="请在起草工具的源代码文件夹中运行本命令，或用 --source 指定源代码文件夹。") from None
        try:
            pip.build_wheel(source, self.wheels)
        except PipFailed as failure:
            if failure.kind == "network":
                raise _network("构建工具（hatchling），起草工具本身的安装包无法构建", failure) from None
            if failure.kind == "unavailable":
                raise BundleFailed(f"找不到构建起草工具所需的 {failure.requirement}：可能是连不上软件包索引（PyPI），"
                                   "请检查网络或代理设置后重试。" + _pip_says(failure)) from None
            raise BundleFailed(f"无法从 {source} 构建起草工具本身的安装包。" + _pip_says(failure)) from None
        built = sorted(self.wheels.glob("drafting-*.whl"))
        if len(built) != 1:
            raise BundleFailed(f"从 {source} 构建后没有得到起草工具的安装包（drafting-*.whl）。")
        return read_wheel(built[0])

    def complete(self, root: str, version: tuple[int, int]) -> list[Wheel]:
        """Download until every wheel ``root`` needs on the target with Python ``version`` is there."""
        for _ in range(_MAX_ROUNDS):
            chosen, lacking = walk(self.wheels, [root], self.platform, version)
            if not lacking:
                return chosen
            before = set(self.wheels.iterdir())
            try:
                pip.download(lacking, self.platform, version, self.wheels)
            except PipFailed as failure:
                self._recover(failure, version, lacking)
                continue
            if set(self.wheels.iterdir()) == before:
                break
        _, lacking = walk(self.wheels, [root], self.platform, version)
        raise BundleFailed(f"无法补齐 {self.platform.name} / Python {version_text(version)} 所需的安装包："
                           f"{'、'.join(lacking)}。")

    def _recover(self, failure: PipFailed, version: tuple[int, int], lacking: list[str]) -> None:
        """After a failed download: build the pure-Python wheel of an sdist-only package, or raise."""
        target = f"{self.platform.name} / Python {version_text(version)}"
        requirement = failure.requirement
        if failure.kind == "network":
            raise _network(f" {requirement or '、'.join(lacking)}（{target}）", failure) from None
        if failure.kind != "unavailable" or requirement is None:
            raise BundleFailed(f"下载 {target} 的安装包失败。" + _pip_says(failure)) from None
        name = canonicalize_name(re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0])
        if name in self.built_locally:
            raise BundleFailed(f"{requirement} 没有适用于 {target} 的安装包。" + _pip_says(failure)) from None
        self.progress(f"    {requirement} 没有现成的 wheel 安装包，在本机用它的源码包构建……")
        self.scratch.mkdir(exist_ok=True)
        try:
            pip.build_wheel(requirement, self.scratch, binary=False)
        except PipFailed as again:
            if again.kind == "network":
                raise _network(f" {requirement} 的源码包", again) from None
            if again.kind == "unavailable":
                raise BundleFailed(f"软件包索引中找不到 {requirement} 适用于 {target} 的 wheel 安装包，也找不到它的源码包"
                                   "（或连不上软件包索引 PyPI）。" + _pip_says(again)) from None
            raise BundleFailed(f"{requirement} 没有适用于 {target} 的安装包，用源码包构建也失败了。"
                               + _pip_says(again)) from None
        for path in sorted(self.scratch.glob("*.whl")):
            wheel = read_wheel(path)
            if not wheel.pure:
                raise BundleFailed(
                    f"{requirement} 没有适用于 {target} 的 wheel 安装包，而它的源码包含有需要编译的代码："
                    f"这台电脑无法为 {self.platform.name} 平台构建它。",
                    hint=f"请在目标平台（{self.platform.label}）的电脑上用 pip wheel 构建它，把得到的 .whl 放进离线安装包的 wheels 文件夹；"
                         "或选用一个有 wheel 安装包的版本。")
            shutil.move(str(path), self.wheels / path.name)
        self.built_locally.append(name)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def prune(self, keep: set[Path]) -> None:
        """Remove the downloaded wheels no target Python installs (pip chose them for this machine's markers)."""
        for path in self.wheels.glob("*.whl"):
            if path not in keep:
                path.unlink()


def build(platform_name: str, dest: Path, *, source: Path | None = None,
          progress: Callable[[str], None] = lambda text: None) -> Bundle:
    """Build the offline bundle for ``platform_name`` into the new folder ``dest``."""
    platform = platform_named(platform_name)
    dest = Path(os.path.abspath(dest))
    check_destination(dest)
    root_source = find_source(source)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent))
    except OSError as exc:
        raise InputError(f"无法在 {dest.parent} 中建立文件夹：{os_problem(exc)}。") from None
    try:
        builder = _Builder(platform, staging, progress)
        steps = len(PYTHON_VERSIONS) + 2
        origin = f"源代码：{root_source}" if isinstance(root_source, Path) else f"已安装的版本 {root_source.version}"
        progress(f"[1/{steps}] 生成起草工具本身的安装包（{origin}）……")
        own = builder.own_wheel(root_source)
        root = f"drafting=={own.version}"
        for number, version in enumerate(PYTHON_VERSIONS, start=2):
            progress(f"[{number}/{steps}] 下载 Python {version_text(version)} 所需的安装包（{platform.name}）……")
            builder.complete(root, version)
        # A newer wheel fetched for a later version may be what pip picks for an earlier one
        # too, with needs of its own there: check every version again until nothing is added.
        for _ in range(_MAX_ROUNDS):
            before = set(builder.wheels.iterdir())
            chosen = {version: builder.complete(root, version) for version in PYTHON_VERSIONS}
            if set(builder.wheels.iterdir()) == before:
                break
        else:
            raise BundleFailed("各个 Python 版本所需的安装包总是补不齐，请重试。")
        keep = {w.path for wheels in chosen.values() for w in wheels}
        per_python = {version_text(v): len(wheels) for v, wheels in chosen.items()}
        builder.prune(keep)
        progress(f"[{steps}/{steps}] 写入安装脚本和说明……")
        built = _dt.date.today().isoformat()
        for name, data in scripts.bundle_files(platform, str(own.version), built).items():
            path = staging / name
            path.write_bytes(data)
            if name.endswith(".sh"):
                path.chmod(0o755)
        staging.chmod(0o755)  # mkdtemp makes it private; the bundle is meant to be shared
        try:
            os.rename(staging, dest)  # POSIX renames onto an empty folder
        except OSError:
            if not dest.is_dir():
                raise
            dest.rmdir()  # checked empty above; a folder filled since then makes this fail
            os.rename(staging, dest)
    except WheelProblem as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BundleFailed(f"下载的安装包有问题：{exc}。请重试。") from None
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BundleFailed(f"无法写入离线安装包 {dest}：{os_problem(exc)}。") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Bundle(dest, platform, str(own.version),
                  tuple(sorted(dest / "wheels" / p.name for p in keep)), per_python,
                  tuple(builder.built_locally))

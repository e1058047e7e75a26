"""``draft.yaml``: the unit's settings, so nobody retypes the organisation's name.

``draft init`` writes it in the current folder; every command looks for it in the
current folder and its parents. Paths in it are relative to the file itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError
from .output import write_file

CONFIG_NAME = "draft.yaml"
CONFIG_KEYS = frozenset({"org", "org_short", "superior", "speaker", "library", "templates", "speech_rate",
                         "speaker_rates", "styles", "notice"})
#: the keys of ``notice:`` (the 印发通知's fields, ``draft plan --notice``), each the option of its name
NOTICE_KEYS = ("letterhead", "doc_number", "recipients", "signer", "cc", "issuer", "signature")
#: Characters a minute a speech is read at when draft.yaml sets no rate.
SPEECH_RATE = 220
#: Rates outside this range are typing mistakes, not speakers (characters a minute).
RATE_RANGE = (60, 600)


@dataclass(frozen=True)
class Settings:
    """What ``draft.yaml`` says; every field may be missing."""

    org: str | None = None
    org_short: str | None = None
    superior: str | None = None
    speaker: str | None = None
    libraries: tuple[Path, ...] = ()
    templates: tuple[tuple[str, Path], ...] = ()
    path: Path | None = None
    #: characters a minute the unit's speeches are read at (``speech_rate``), and each
    #: speaker's own (``speaker_rates``: name → rate)
    speech_rate: int | None = None
    speaker_rates: tuple[tuple[str, int], ...] = ()
    #: the unit's own layout file (``styles``), in place of the bundled styles/gbt9704.yaml
    styles: Path | None = None
    #: the 印发通知's fields set under ``notice:`` (key → value)
    notice: tuple[tuple[str, str], ...] = ()

    def template(self, genre: str) -> Path | None:
        """The unit's own template for ``genre``, if it set one."""
        return dict(self.templates).get(genre)

    def rate(self, speaker: str | None) -> int:
        """Characters a minute ``speaker`` reads at: their own rate, else the unit's, else ``SPEECH_RATE``."""
        own = dict(self.speaker_rates).get(speaker or "")
        return own or self.speech_rate or SPEECH_RATE


def find_config(start: Path) -> Path | None:
    """The nearest ``draft.yaml`` in ``start`` or a parent folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path) -> Settings:
    """Read and validate a ``draft.yaml``."""
    from .yamlfile import load  # PyYAML only when there is a draft.yaml

    root = load(path)
    m = root.mapping("draft.yaml", CONFIG_KEYS)
    base = path.parent

    def text(key: str) -> str | None:
        return m[key].text(key, empty=True) or None if key in m else None

    libraries = tuple(base / p for p in m["library"].texts("library")) if "library" in m else ()
    templates: tuple[tuple[str, Path], ...] = ()
    if "templates" in m:
        t = m["templates"].mapping("templates", {"plan", "speech", "notice"})
        templates = tuple((genre, base / node.text(genre)) for genre, node in t.items())
    low, high = RATE_RANGE
    rate = m["speech_rate"].integer("speech_rate（每分钟字数）", low=low, high=high) if "speech_rate" in m else None
    rates: tuple[tuple[str, int], ...] = ()
    if "speaker_rates" in m:
        by_name = m["speaker_rates"].mapping("speaker_rates（讲话人的每分钟字数）")
        rates = tuple((name.strip(), node.integer(f"讲话人“{name}”的每分钟字数", low=low, high=high))
                      for name, node in by_name.items())
    styles = base / m["styles"].text("styles（版式文件）") if "styles" in m else None
    notice: tuple[tuple[str, str], ...] = ()
    if "notice" in m:
        fields = m["notice"].mapping("notice（印发通知）", NOTICE_KEYS)
        notice = tuple((key, node.text(f"notice.{key}")) for key, node in fields.items())
        if "doc_number" in fields:  # refused here with its line, not when a notice is written
            from .gongwen.fields import check_doc_number

            check_doc_number(dict(notice)["doc_number"], "notice.doc_number", node=fields["doc_number"])
    return Settings(
        org=text("org"),
        org_short=text("org_short"),
        superior=text("superior"),
        speaker=text("speaker"),
        libraries=libraries,
        templates=templates,
        path=path,
        speech_rate=rate,
        speaker_rates=rates,
        styles=styles,
        notice=notice,
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_config(org: str, org_short: str | None, superior: str | None, speaker: str | None,
                  libraries: tuple[str, ...], templates: tuple[tuple[str, str], ...] = (), *,
                  speech_rate: int | None = None, speaker_rates: tuple[tuple[str, int], ...] = (),
                  styles: str | None = None, notice: tuple[tuple[str, str], ...] = ()) -> str:
    """The text of a new ``draft.yaml``, commented for the staff who will edit it.

    ``templates`` are (genre, path) pairs of the unit's own Word templates, and
    ``speech_rate``/``speaker_rates`` the reading rates, ``styles`` the unit's layout
    file and ``notice`` the 印发通知's fields, kept when the settings are saved again.
    """
    def line(key: str, value: str | None, comment: str) -> str:
        if value:
            return f"{key}: {_quote(value)}    # {comment}\n"
        return f"# {key}: \"\"    # {comment}\n"

    text = "# draft 命令的单位设置。命令行选项优先于这里的设置。\n"
    text += line("org", org, "单位全称，如 市发展改革委")
    text += line("org_short", org_short, "单位简称，可不填")
    text += line("superior", superior, "上级机关党组织，如 市直机关工委")
    text += line("speaker", speaker, "讲话人姓名")
    if libraries:
        text += "library:    # 本单位素材库目录（相对本文件），可写多个\n"
        text += "".join(f"  - {_quote(p)}\n" for p in libraries)
    else:
        text += "# library:    # 本单位素材库目录（相对本文件），可写多个\n#   - 素材库\n"
    if templates:
        text += "templates:  # 本单位修改过的 Word 模板（相对本文件）\n"
        text += "".join(f"  {genre}: {_quote(p)}\n" for genre, p in templates)
    else:
        text += "# templates:  # 本单位修改过的 Word 模板（相对本文件）\n#   plan: 模板/工作要点.docx\n#   speech: 模板/讲话.docx\n"
    rate_comment = f"讲话每分钟念多少字（draft speech --minutes 用），不写按 {SPEECH_RATE} 字"
    text += f"speech_rate: {speech_rate}    # {rate_comment}\n" if speech_rate else f"# speech_rate: {SPEECH_RATE}    # {rate_comment}\n"
    if speaker_rates:
        text += "speaker_rates:    # 个别讲话人的语速（每分钟字数）\n"
        text += "".join(f"  {_quote(name)}: {rate}\n" for name, rate in speaker_rates)
    else:
        text += "# speaker_rates:    # 个别讲话人的语速（每分钟字数）\n#   张三: 200\n"
    styles_comment = "本单位的版式文件（相对本文件），写法同内置的 styles/gbt9704.yaml，如编号写“1.”"
    text += f"styles: {_quote(styles)}    # {styles_comment}\n" if styles else f"# styles: 版式.yaml    # {styles_comment}\n"
    if notice:
        text += "notice:    # 印发通知（draft plan --notice）的发文机关标志、主送机关等\n"
        text += "".join(f"  {key}: {_quote(value)}\n" for key, value in notice)
    return text


def write_config(folder: Path, text: str, *, force: bool = False) -> Path:
    """Write ``draft.yaml`` into ``folder``; an existing one is kept unless ``force``."""
    path = folder / CONFIG_NAME
    if path.exists() and not force:
        raise OutputError("文件已存在，未覆盖", path=path, hint="如需重新生成，请加 --force。")
    return write_file(path, lambda stream: stream.write(text.encode("utf-8")), force=force)


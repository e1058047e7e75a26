"""What template lint reports: one ``Issue`` per problem, with a stable code, and the report of a template."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .scan import Para

ERROR, WARNING = "error", "warning"

#: code → what it is, in the user's words (the comment's label in --annotate)
CODE_NAMES = {
    "tag-split": "标记被修订或域隔开",
    "tag-spaced": "标记的括号之间有空格",
    "tag-deleted": "删除的修订里有标记",
    "tag-field": "标记中间有域",
    "tag-nesting": "标记跨了修订或超链接",
    "tag-unclosed": "标记没有结束",
    "tag-unopened": "多余的结束括号",
    "tag-paragraphs": "标记跨了段落",
    "tag-revision": "标记在修订中",
    "tag-syntax": "标记写法有误",
    "fullwidth-delimiter": "全角的标记括号",
    "fullwidth-char": "标记里有全角字符",
    "curly-quote": "标记里有弯引号",
    "p-tag-text": "{%p %} 段里有其他文字",
    "tr-tag-text": "{%tr %} 行里有其他文字",
    "tc-tag-text": "{%tc %} 单元格里有其他文字",
    "tr-outside-table": "{%tr %} 不在表格行里",
    "tc-outside-table": "{%tc %} 不在表格单元格里",
    "block-unclosed": "块没有结束",
    "block-unopened": "结束标记没有开始",
    "block-mismatch": "块的开始和结束不配对",
    "block-level": "块的开始和结束不在同一层",
    "unknown-name": "模板不提供的变量",
    "theme-font": "主题字体",
    "missing-style": "样式已删除",
}


@dataclass(frozen=True, eq=False)
class Issue:
    """One problem of a template, on a paragraph (or on a style, ``para`` None)."""

    code: str
    severity: str
    message: str
    para: Para | None = None
    excerpt: str = ""
    #: where ``excerpt`` starts in ``para.text`` (None: not in the visible text)
    start: int | None = None
    hint: str | None = None
    #: where, when not a paragraph: a style (样式“标题”)
    place: str | None = None

    @property
    def where(self) -> str:
        """第N段, 页脚第1段, or the style."""
        if self.para is not None:
            return self.para.where()
        return self.place or ""

    def describe(self) -> str:
        """The problem in one line, as printed: where, what, the words it is about."""
        quoted = f"（“{_short(self.excerpt)}”）" if self.excerpt else ""
        where = f"{self.where}：" if self.where else ""
        return f"{where}{self.message}{quoted}［{self.code}］"

    def to_json(self) -> dict:
        """The issue as a JSON object."""
        return {"code": self.code, "severity": self.severity, "where": self.where, "message": self.message,
                "excerpt": self.excerpt, "hint": self.hint}


def _short(text: str, width: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width] + "……"


@dataclass(frozen=True)
class TemplateReport:
    """What lint found in one template: the genre it was checked as, and the issues in document order."""

    path: Path
    genre: str
    issues: tuple[Issue, ...]

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues that stop a render or spoil the draft."""
        return tuple(i for i in self.issues if i.severity == ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues a draft can be made with."""
        return tuple(i for i in self.issues if i.severity == WARNING)

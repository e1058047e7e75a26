"""docxtpl's level tags and Jinja's blocks: ``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{%r %}`` and their pairs.

docxtpl replaces the whole paragraph (``p``), table row (``tr``), cell (``tc``) or
run (``r``) holding such a tag by the bare tag: whatever else that paragraph, row
or cell held is dropped. A ``{%tr %}`` outside a table is left as it is, and Jinja
does not know the tag. And the XML between a block's opening and its closing tags
is kept or dropped as a whole: the two must stand at the same level (both
``{%p %}`` paragraphs in the same place, or both inside text in the same kind of
paragraph), else a false condition leaves broken XML, which docxtpl parses
leniently, losing the rest of the document without a word.
"""

from __future__ import annotations

from .issues import ERROR, Issue
from .tags import Tag, nesting_differs

#: block statements and the word that ends them
_BLOCKS = {"if": "endif", "for": "endfor", "macro": "endmacro", "call": "endcall", "filter": "endfilter",
           "with": "endwith", "block": "endblock", "autoescape": "endautoescape", "raw": "endraw"}
_MIDDLE = {"else": ("if", "for"), "elif": ("if",)}
_LEVELS = {"p": "单独成段的 {%p %}", "tr": "{%tr %}", "tc": "{%tc %}", "r": "{%r %}", "": "写在文字中的 {% %}"}


def check_blocks(tags: list[Tag]) -> list[Issue]:
    """The misplaced level tags and unbalanced blocks of one part's tags."""
    issues: list[Issue] = []
    placed: list[tuple[Tag, tuple[str, object]]] = []
    for tag in tags:
        slot = _slot(tag, issues)
        if slot is not None:
            placed.append((tag, slot))
    stack: list[tuple[Tag, tuple[str, object], str]] = []
    for tag, slot in placed:
        word = tag.word
        if tag.kind != "{%" or not word:
            continue
        if word == "set" and "=" not in tag.inner:
            word = "block-set"
        if word in _BLOCKS or word == "block-set":
            stack.append((tag, slot, word))
        elif word in _MIDDLE:
            if stack and stack[-1][2] in _MIDDLE[word]:
                _level(stack[-1][0], stack[-1][1], tag, slot, issues)
        elif word.startswith("end"):
            opener = "block-set" if word == "endset" else word[3:]
            if not stack:
                issues.append(Issue("block-unopened", ERROR, f"“{{% {word} %}}”前面没有对应的“{{% {opener} %}}”",
                                    tag.para, tag.text, tag.start, hint="请删去这个标记，或补上开始的标记"))
                continue
            top, top_slot, top_word = stack.pop()
            if top_word != opener:
                want = "endset" if top_word == "block-set" else _BLOCKS.get(top_word, "end" + top_word)
                issues.append(Issue("block-mismatch", ERROR,
                                    f"“{top.text}”（{top.para.where()}）要用“{{% {want} %}}”结束，"
                                    f"这里却是“{tag.text}”", tag.para, tag.text, tag.start,
                                    hint=f"开始在{top.para.where()}，结束在{tag.para.where()}；请检查块的嵌套"))
                continue
            _level(top, top_slot, tag, slot, issues)
    for top, _, word in stack:
        want = "endset" if word == "block-set" else _BLOCKS[word]
        issues.append(Issue("block-unclosed", ERROR, f"“{top.text}”没有对应的“{{% {want} %}}”",
                            top.para, top.text, top.start,
                            hint=f"请在块结束的地方加上“{{%p {want} %}}”（单独一段）"))
    return issues


def _slot(tag: Tag, issues: list[Issue]) -> tuple[str, object] | None:
    """Where the tag stands once docxtpl has done with it: (level, the element it replaces or sits in)."""
    para = tag.para
    if tag.prefix == "p":
        rest = (para.text[:tag.start] + (para.text[tag.end:] if tag.end_para is para else "")).strip()
        if rest:
            issues.append(Issue("p-tag-text", ERROR,
                                f"“{tag.text}”所在的这一段生成时会整段删去，同一段里的“{rest[:20]}”也会一起丢失",
                                para, tag.text, tag.start, hint="{%p … %} 要单独占一段：请按回车把其他文字移到别的段落"))
        return "p", para.el
    if tag.prefix in ("tr", "tc"):
        name = "tr" if tag.prefix == "tr" else "tc"
        holder = next((a for a in para.el.iterancestors() if a.tag.rpartition("}")[2] == name), None)
        if holder is None:
            what = "表格行" if name == "tr" else "表格单元格"
            issues.append(Issue(f"{name}-outside-table", ERROR,
                                f"“{tag.text}”只能写在{what}里，这里不在表格中，生成时会报错",
                                para, tag.text, tag.start, hint="在表格外请用 {%p … %}（单独一段）"))
            return None
        others = "".join(t.text or "" for t in holder.iter(para.el.tag.rpartition("}")[0] + "}t"))
        if others.replace(tag.text, "", 1).strip():
            what = "这一行" if name == "tr" else "这个单元格"
            issues.append(Issue(f"{name}-tag-text", ERROR,
                                f"“{tag.text}”所在的{what}生成时会整个删去，里面的其他文字也会一起丢失",
                                para, tag.text, tag.start,
                                hint=f"{{%{name} … %}} 要单独占{what}，{what}里不要再写别的内容"))
        return name, holder
    atom = para.atom_at(tag.start)
    if tag.prefix == "r":
        run = atom.el.getparent()
        return "r", run
    return "", atom.el


def _level(a: Tag, slot_a, b: Tag, slot_b, issues: list[Issue]) -> None:
    """Report ``a`` … ``b`` of one block standing at different levels."""
    if slot_a[0] == slot_b[0] and not nesting_differs(slot_a[1], slot_b[1]):
        return
    how = (f"一个是{_LEVELS[slot_a[0]]}，一个是{_LEVELS[slot_b[0]]}" if slot_a[0] != slot_b[0]
           else "一个在表格里，一个在表格外（或在不同的修订、超链接里）")
    issues.append(Issue("block-level", ERROR,
                        f"“{a.text}”（{a.para.where()}）和“{b.text}”（{b.para.where()}）不在同一层：{how}；"
                        "条件不成立时文稿后面的内容会全部丢失", b.para, b.text, b.start,
                        hint="同一个块的开始和结束要用同样的写法：都用单独成段的 {%p … %}，或都写在同一层的文字里"))

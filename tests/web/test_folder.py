"""The work folder without a browser: safe names, numbered results, a name taken while a result is made."""

from __future__ import annotations

import concurrent.futures as cf

import pytest

from drafting.output import Exists, check_target, write_file
from drafting.web.folder import WorkFolder, safe_name


@pytest.mark.parametrize("given, safe", [
    ("../../逃出去.txt", "逃出去.txt"), ("C:\\Users\\x\\去年.docx", "去年.docx"), ("CON.txt", "_CON.txt"),
    ("a:b*c?.docx", "abc.docx"), ("   ", "文件"), ("..", "文件"), ("报告.DOCX", "报告.docx"),
])
def test_names_from_a_request_are_made_safe(given, safe):
    assert safe_name(given) == safe


def test_a_name_taken_between_the_check_and_the_write_gets_the_next_number(tmp_path):
    work = WorkFolder(tmp_path)
    first = work.sub("draft") / "文稿.docx"
    first.write_bytes(b"earlier")

    def make(path):
        # another request takes this very name first, as two clicks of 生成 at once can
        if path.name == "文稿(2).docx":
            path.write_bytes(b"the other request")
        check_target(path, force=False)
        return write_file(path, lambda stream: stream.write(b"mine"))

    made = work.produce("draft", "文稿.docx", make)
    assert made.name == "文稿(3).docx" and made.read_bytes() == b"mine"
    assert first.read_bytes() == b"earlier"


def test_many_results_of_one_name_at_once_are_all_kept(tmp_path):
    work = WorkFolder(tmp_path)

    def one(n):
        return work.produce("check", "结果.docx", lambda path: (check_target(path, force=False),
                            write_file(path, lambda stream: stream.write(str(n).encode())))[1])

    with cf.ThreadPoolExecutor(8) as pool:
        made = list(pool.map(one, range(40)))
    assert len(set(made)) == 40
    assert sorted(int(p.read_bytes()) for p in made) == list(range(40))


def test_an_existing_name_is_refused_as_exists(tmp_path):
    taken = tmp_path / "x.docx"
    taken.write_bytes(b"")
    with pytest.raises(Exists):
        check_target(taken, force=False)

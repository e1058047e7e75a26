"""Writing output files: normal permissions, Chinese errors, nothing left behind."""

from __future__ import annotations

import os
import stat

import pytest

from drafting.errors import OutputError
from drafting.output import check_target, write_file


def test_written_file_gets_the_mode_a_plain_open_gives(tmp_path):
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"x")
    out = write_file(tmp_path / "out.docx", lambda stream: stream.write(b"data"))
    assert out.read_bytes() == b"data"
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert set(os.listdir(tmp_path)) == {"plain.bin", "out.docx"}


def test_locked_folder_is_a_chinese_output_error(locked_dir):
    with pytest.raises(OutputError) as caught:
        write_file(locked_dir / "out.docx", lambda stream: stream.write(b"data"))
    assert "没有权限在这个文件夹中写文件" in str(caught.value)
    assert caught.value.path == str(locked_dir)
    assert os.listdir(locked_dir) == []


def test_failed_writer_leaves_nothing(tmp_path):
    def broken(stream):
        stream.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError) as caught:
        write_file(tmp_path / "out.docx", broken)
    assert "磁盘空间不足" in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_folder_as_target_is_named_a_folder(tmp_path):
    with pytest.raises(OutputError) as caught:
        check_target(tmp_path, force=True)
    assert "文件夹" in caught.value.message and "已存在" not in caught.value.message


def test_an_input_is_never_a_target_even_through_a_link_or_with_force(tmp_path):
    from drafting.errors import InputError

    template = tmp_path / "模板.docx"
    template.write_bytes(b"PK")
    link = tmp_path / "链接.docx"
    os.link(template, link)
    for out in (template, link, tmp_path / "." / "模板.docx"):
        with pytest.raises(InputError) as info:
            check_target(out, force=True, inputs=(("模板文件", template),))
        assert "模板文件" in info.value.message
    check_target(tmp_path / "新.docx", force=True, inputs=(("模板文件", template),))

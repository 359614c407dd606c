"""cx_tools.raw_files, the raw-file pre-check and physical record counter (no dbt): small files written here, each
with its hand-counted record count or the expected error (file, physical line, problem); the file layout rule of
cx_tools.load_raw.locate (hidden part files); the loader's pre-check on the DuckDB target.

Every CSV case runs twice: through check_csv as it is (its fast block pass, falling back to the line-by-line pass
when the file is unusual) and with the fast pass switched off, so both passes are held to the same counts and
messages.
"""
from __future__ import annotations

import pickle
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from cx_tools import load_raw, raw_files
from cx_tools.load_raw import RawLoadError, duckdb_text_select, locate
from cx_tools.raw_files import RawFile, RawFileError, check_csv, count_parquet, inspect_folder, inspect_table

PROJECT_DIR = Path(__file__).resolve().parents[2]
BOM = b"\xef\xbb\xbf"


@pytest.fixture(params=["as_is", "line_by_line"])
def passes(request, monkeypatch):
    """check_csv as it is, then with the fast block pass off (only the line-by-line pass)."""
    if request.param == "line_by_line":
        monkeypatch.setattr(raw_files, "_fast_count", lambda stream, limit: None)
    return request.param


def write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def duckdb_count(path: Path, max_line_bytes: int = 10_000_000) -> int:
    table = load_raw.RawTable(path.stem, "csv", (path,), str(path))
    with duckdb.connect() as con:
        return con.execute(f"select count(*) from ({duckdb_text_select(table, max_line_bytes)})").fetchall()[0][0]


# --- record counts ------------------------------------------------------------------------------------------------

COUNTS = {
    # name: (file bytes, data records counted by hand)
    "hash_row": (b"id,text\n#1,a comment character is data\n2,b\n", 2),
    "quoted_newlines": (b'id,text\n1,"line one\nline two\nline three"\n2,x\n', 2),  # the 3-line record counts once
    "crlf_with_bom": (BOM + b"id,text\r\n1,a\r\n2,b\r\n3,c\r\n", 3),
    "crlf_lf_inside_quotes": (b'id,text\r\n1,"excel\nstyle"\r\n2,"crlf\r\ninside"\r\n', 2),
    "trailing_empty_line": (b"id,text\n1,a\n2,b\n\n", 2),
    "empty_lines_in_middle": (b"id,text\n1,a\n\n\n2,b\n\n3,c\n", 3),
    "no_final_newline": (b"id,text\n1,a\n2,b", 2),
    "doubled_quotes": (b'id,text\n1,"he said ""hi"", then left"\n2,""\n', 2),
    "empty_fields": (b"a,b,c\n,,\n1,,\n", 2),
    "nul_byte": (b"id,text\n1,a\x00b\n", 1),
    "header_only": (b"id,text\n", 0),
    "header_only_no_newline": (b"id,text", 0),
    "header_only_crlf_bom": (BOM + b"id,text\r\n", 0),
    "leading_empty_line": (b"\nid,text\n1,a\n", 1),
    "utf8_text": ("id,text\n1,Après-vente\n2,カスタマー サポート\n".encode(), 2),
}


@pytest.mark.parametrize("case", sorted(COUNTS))
def test_record_count(case, passes, tmp_path):
    data, expected = COUNTS[case]
    assert check_csv(write(tmp_path, data)) == expected


@pytest.mark.parametrize("case", sorted(COUNTS))
def test_record_count_equals_duckdb_read(case, tmp_path):
    """The pinned DuckDB read (load_raw.duckdb_text_select, as dbt_project.yml) returns as many rows."""
    data, expected = COUNTS[case]
    assert duckdb_count(write(tmp_path, data)) == expected


def test_fast_pass_counts_big_file_in_blocks(monkeypatch, tmp_path):
    """Many blocks, records across block boundaries: the fast pass alone gives the count."""
    monkeypatch.setattr(raw_files, "FAST_BLOCK_BYTES", 64)
    body = b"".join(b'%d,"text, with\nnewline",x\r\n' % i if i % 7 == 0 else b"%d,plain,y\r\n" % i for i in range(500))
    path = write(tmp_path, b"id,text,flag\r\n" + body)
    with path.open("rb") as stream:
        assert raw_files._fast_count(stream, 10_000_000) == 500
    assert check_csv(path) == 500


def test_fast_pass_leaves_unusual_files_to_the_line_by_line_pass(tmp_path):
    for data in (b"a,b\n1\n", b"a,b\r\n1,2\n", b'a,b\n"1,2\n', b"", b"a,a\n1,2\n"):
        with write(tmp_path, data).open("rb") as stream:
            assert raw_files._fast_count(stream, 10_000_000) is None


# --- malformed files ----------------------------------------------------------------------------------------------

ERRORS = {
    # name: (file bytes, expected line, words of the problem)
    "short_row": (b"id,text,flag\n1,a,x\n2,b\n", 3, "the record has 2 fields but the header has 3"),
    "long_row": (b"id,text\n1,a\n2,b\n3,c,extra,more\n", 4, "the record has 4 fields but the header has 2"),
    "one_field_row": (b"id,text\n1,a\n  \n", 3, "the record has 1 field but the header has 2"),
    "unterminated_quote": (b'id,text\n1,"ok\nstill ok"\n2,"opens here\n3,never closed\n', 4,
                           "closing quote is never found (unterminated quote)"),
    "duplicated_column": (b"id,Text, text \n1,a,b\n", 1,
                          'duplicated column name "text": columns 2 ("Text") and 3 (" text ")'),
    "mixed_crlf_lf": (b"id,text\r\n1,a\r\n2,b\n3,c\r\n", 3,
                      "mixed line endings: this line ends with LF but line 1 ends with CRLF"),
    "mixed_lf_crlf": (b"id,text\n1,a\r\n", 2, "mixed line endings: this line ends with CRLF but line 1 ends with LF"),
    "bare_cr_file": (b"id,text\r1,a\r2,b\r", 1, "a bare CR (carriage return without line feed) ends a line"),
    "bare_cr_mid_line": (b"id,text\n1,a\r2,b\n", 2, "a bare CR (carriage return without line feed) ends a line"),
    "cr_cr_lf": (b"id,text\r\n1,a\r\r\n", 2, "a bare CR (carriage return without line feed) ends a line"),
    "invalid_utf8": (b"id,text\n1,ok\n2,caf\xe9\n", 3, "invalid UTF-8 (byte E9 at byte 6 of the line)"),
    "quote_in_unquoted_field": (b'id,text\n1,ok\n2,5" screen\n', 3, 'a " inside an unquoted field'),
    "text_after_closing_quote": (b'id,text\n1,"multi\nline"x\n', 3, "text follows the closing quote"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_malformed_file_names_file_line_and_problem(case, passes, tmp_path):
    data, line, problem = ERRORS[case]
    path = write(tmp_path, data, f"{case}.csv")
    with pytest.raises(RawFileError) as caught:
        check_csv(path)
    assert str(caught.value).startswith(f"{path}, line {line}: ")
    assert problem in str(caught.value)
    assert (caught.value.path, caught.value.line) == (str(path), line)


@pytest.mark.parametrize("data", [b"", BOM, b"\n\n"], ids=["no_bytes", "bom_only", "empty_lines_only"])
def test_empty_file(data, passes, tmp_path):
    path = write(tmp_path, data)
    with pytest.raises(RawFileError, match="the file is empty: it has no header line") as caught:
        check_csv(path)
    assert str(caught.value) == f"{path}: the file is empty: it has no header line"


def test_over_long_line_names_line_and_limit(passes, tmp_path):
    path = write(tmp_path, b"id,text\n1,short\n2," + b"x" * 40 + b"\n3,short\n")
    with pytest.raises(RawFileError) as caught:
        check_csv(path, max_line_bytes=30)
    message = str(caught.value)
    assert message.startswith(f"{path}, line 3: the record is longer than 30 bytes counted with its line ending")
    assert "dbt var `cx_max_line_bytes`" in message
    assert check_csv(path, max_line_bytes=100) == 3


def test_line_size_limit_is_duckdbs(passes, tmp_path):
    """DuckDB's max_line_size: a record of N bytes plus LF needs N + 1 <= limit (a CR and a BOM count too)."""
    ok = write(tmp_path, b"id,text\n1," + b"x" * 17 + b"\n", "ok.csv")  # 19 bytes + LF
    too_long = write(tmp_path, b"id,text\n1," + b"x" * 18 + b"\n", "long.csv")  # 20 bytes + LF
    crlf = write(tmp_path, b"id,text\r\n1," + b"x" * 17 + b"\r\n", "crlf.csv")  # 19 bytes + CR LF
    assert check_csv(ok, max_line_bytes=20) == duckdb_count(ok, 20) == 1
    for path in (too_long, crlf):
        with pytest.raises(RawFileError, match="line 2: the record is longer than 20 bytes"):
            check_csv(path, max_line_bytes=20)
        with pytest.raises(duckdb.Error):
            duckdb_count(path, 20)


def test_multi_line_record_counts_whole_for_the_limit(passes, tmp_path):
    path = write(tmp_path, b'id,text\n1,"' + b"a" * 15 + b"\n" + b"b" * 15 + b'"\n')
    with pytest.raises(RawFileError, match=r"line 2: the record is longer than 30 bytes .*\(it spans lines 2 to 3"):
        check_csv(path, max_line_bytes=30)


def test_unterminated_quote_is_named_even_past_the_limit(passes, tmp_path):
    """A quote never closed makes the rest of the file one record: named as the unclosed quote, not as too long."""
    path = write(tmp_path, b"id,text\n1,a\n2,\"opens\n" + b"3,more text\n" * 20)
    with pytest.raises(RawFileError, match="line 3: a quoted field opens on this line and its closing quote"):
        check_csv(path, max_line_bytes=50)


def test_error_pickles_with_its_parts():
    error = RawFileError("/raw/t.csv", "the record has 1 field but the header has 2", 7)
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.path, again.line, again.problem) == (str(error), error.path, 7, error.problem)


# --- Parquet ------------------------------------------------------------------------------------------------------


def write_parquet(path: Path, select: str) -> Path:
    with duckdb.connect() as con:
        con.execute(f"copy ({select}) to '{path}' (format parquet)")
    return path


def test_parquet_row_count_from_footer(tmp_path):
    path = write_parquet(tmp_path / "t.parquet", "select range as id, 'x' || range as text from range(1234)")
    assert count_parquet(path) == 1234
    empty = write_parquet(tmp_path / "e.parquet", "select 1 as id where false")
    assert count_parquet(empty) == 0


def test_parquet_nested_columns_are_not_duplicates(tmp_path):
    path = write_parquet(tmp_path / "n.parquet", "select {'id': 1, 'x': [1, 2]} as s, 2 as id, 3 as x")
    assert count_parquet(path) == 1


def test_unreadable_parquet(tmp_path):
    path = write(tmp_path, b"id,text\n1,a\n", "not.parquet")
    with pytest.raises(RawFileError, match=f"^{path}: not a readable Parquet file"):
        count_parquet(path)


def test_parquet_duplicated_column(tmp_path):
    # DuckDB renames duplicates when writing, so the second name is patched in the file (same length).
    path = write_parquet(tmp_path / "d.parquet", "select 1 as colx, 2 as coly")
    path.write_bytes(path.read_bytes().replace(b"coly", b"COLX"))
    with pytest.raises(RawFileError, match=f'^{path}: duplicated column name "COLX"'):
        count_parquet(path)


# --- file layout, tables, folders ---------------------------------------------------------------------------------


def test_locate_ignores_hidden_part_files(tmp_path):
    folder = tmp_path / "tickets"
    folder.mkdir()
    for name in ("part-0002.csv", "part-0001.csv"):
        (folder / name).write_bytes(b"id\n1\n")
    for name in ("._part-0001.csv", "_SUCCESS", ".hidden.csv", "_tmp.csv", ".part-0001.csv.crc"):
        (folder / name).write_bytes(b"\x00\x05junk")
    table = locate(tmp_path, "tickets")
    assert table.extension == "csv"
    assert [p.name for p in table.files] == ["part-0001.csv", "part-0002.csv"]


def test_locate_folder_of_hidden_files_only_is_no_table(tmp_path):
    (tmp_path / "tickets").mkdir()
    (tmp_path / "tickets" / "._part.csv").write_bytes(b"junk")
    with pytest.raises(RawLoadError, match="No raw file for table 'tickets'"):
        locate(tmp_path, "tickets")


def test_locate_single_file_unaffected(tmp_path):
    (tmp_path / "tickets.csv").write_bytes(b"id\n1\n")
    (tmp_path / "._tickets.csv").write_bytes(b"junk")
    table = locate(tmp_path, "tickets")
    assert [p.name for p in table.files] == ["tickets.csv"]


def test_inspect_folder(tmp_path):
    folder = tmp_path / "tickets"
    folder.mkdir()
    (folder / "part-1.csv").write_bytes(b"id,text\n1,a\n2,\"b\nc\"\n")
    (folder / "part-2.csv").write_bytes(b"id,text\n3,d\n")
    (folder / "._part-1.csv").write_bytes(b"\x00\x05\x16\x07 not csv")
    write_parquet(tmp_path / "surveys.parquet", "select range as id from range(5)")
    found = inspect_folder(tmp_path, ["tickets", "surveys"])
    assert [(f.source_table, Path(f.file_path).name, f.file_format, f.physical_records) for f in found] == [
        ("tickets", "part-1.csv", "csv", 2), ("tickets", "part-2.csv", "csv", 1),
        ("surveys", "surveys.parquet", "parquet", 5),
    ]
    first = found[0]
    assert isinstance(first, RawFile)
    assert first.size_bytes == (folder / "part-1.csv").stat().st_size
    assert first.modified_at.tzinfo is None
    assert abs((datetime.now(timezone.utc).replace(tzinfo=None) - first.modified_at).total_seconds()) < 3600


def test_inspect_table_stops_on_the_malformed_file(tmp_path):
    good, bad = write(tmp_path, b"id\n1\n", "a.csv"), write(tmp_path, b"id,x\n1\n", "b.csv")
    assert [f.physical_records for f in inspect_table("t", [good], "csv", 10_000_000)] == [1]
    with pytest.raises(RawFileError, match=f"^{bad}, line 2: the record has 1 field but the header has 2"):
        inspect_table("t", [good, bad], "csv", 10_000_000)


# --- the loader ---------------------------------------------------------------------------------------------------


def test_duckdb_text_select_pins_every_csv_option(tmp_path):
    table = locate_one(tmp_path, b"id,text\n#1,a\n")
    select = duckdb_text_select(table, 1234)
    for option in ("header = true", "all_varchar = true", "delim = ','", "quote = '\"'", "escape = '\"'",
                   "comment = ''", "strict_mode = true", "null_padding = false", "max_line_size = 1234"):
        assert option in select


def locate_one(tmp_path: Path, data: bytes) -> load_raw.RawTable:
    write(tmp_path, data, "tickets.csv")
    return locate(tmp_path, "tickets")


def contract_folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(PROJECT_DIR / "data" / "sample", raw)
    return raw


def test_loader_precheck_passes_on_duckdb(tmp_path, capsys):
    raw = contract_folder(tmp_path)
    assert load_raw.main(["--target", "duckdb", "--raw-dir", str(raw)]) == 0
    out = capsys.readouterr().out
    for name in load_raw.contract_tables():
        assert f"load_raw: checked {name}: 1 file, " in out
    assert "nothing to load" in out


def test_loader_stops_on_a_malformed_file(tmp_path, capsys):
    raw = contract_folder(tmp_path)
    tickets = raw / "tickets.csv"
    with tickets.open("ab") as stream:
        stream.write(b"T_bad,only,three\r\n")
    lines = tickets.read_bytes().count(b"\n")
    assert load_raw.main(["--target", "duckdb", "--raw-dir", str(raw), "--max-line-bytes", "5000"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"load_raw: {tickets}, line {lines}: the record has 3 fields but the header has ")


def test_loader_max_line_bytes_option(tmp_path, capsys, monkeypatch):
    raw = contract_folder(tmp_path)
    monkeypatch.setenv("CX_MAX_LINE_BYTES", "20")
    assert load_raw.main(["--target", "duckdb", "--raw-dir", str(raw)]) == 1
    assert "dbt var `cx_max_line_bytes`" in capsys.readouterr().err
    assert load_raw.main(["--target", "duckdb", "--raw-dir", str(raw), "--max-line-bytes", "10000000"]) == 0


def test_manifest_rows_for_spark():
    row = RawFile("tickets", "/raw/tickets.csv", "csv", 10, datetime(2025, 6, 1, 10, 0, 0, 123456), 3)
    assert load_raw.manifest_rows([row]) == [
        {"source_table": "tickets", "file_path": "/raw/tickets.csv", "file_format": "csv", "size_bytes": 10,
         "modified_at": "2025-06-01T10:00:00.123456", "physical_records": 3}
    ]

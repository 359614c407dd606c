"""The raw-file pre-check and physical record counter: one pass over each raw file, independent of any engine's reader.

For a CSV file the pass is Python's own `csv` module with the RFC 4180 dialect (delimiter `,`, quote `"`, a quote
doubled inside a quoted field, strict): it returns the number of data records (the header excluded; a quoted field
may span physical lines and still makes one record; an empty line outside quotes holds no record, as DuckDB skips
it) and stops with RawFileError, naming the file, the physical line (1-based, the header is line 1) and the problem,
on: an empty file, a duplicated column name, a record with more or fewer fields than the header, a quote never
closed, a record longer than the dbt var `cx_max_line_bytes` (counted with its line ending, as DuckDB's
max_line_size), CRLF and LF endings mixed, a bare CR ending a line, a `"` inside an unquoted field or text after a
closing quote, and invalid UTF-8 (a leading UTF-8 BOM is allowed). For a Parquet file the count is the footer's row
count. The file layout (which files make a table) is cx_tools.load_raw.locate, the one rule for it.

    from cx_tools.raw_files import inspect_folder
    inspect_folder(Path("data/sample"), ["surveys", "tickets"])   # -> [RawFile(...), ...] or RawFileError
"""
from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterator

from cx_tools.load_raw import locate

DEFAULT_MAX_LINE_BYTES = 10_000_000
LIMIT_VAR = "cx_max_line_bytes"
FILE_FORMATS = ("csv", "parquet")
BOM = b"\xef\xbb\xbf"
ENDING_NAMES = {"\r\n": "CRLF", "\n": "LF", "\r": "a bare CR"}
# One RFC 4180 field: quoted (a quote inside doubled) or unquoted (no quote, comma or line break); atomic, as the
# parse is unique, so a failing match never backtracks.
FIELD = r'(?>"(?:[^"]++|"")*+"|[^",\r\n]*+)'
RECORD_RE = re.compile(f"{FIELD}(?:,{FIELD})*+")
FIELD_RE = re.compile(FIELD)
FAST_BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class RawFile:
    """One raw file of a raw table, with its physical record count (data records, header excluded)."""

    source_table: str
    file_path: str
    file_format: str  # csv or parquet
    size_bytes: int
    modified_at: datetime  # naive UTC, from st_mtime
    physical_records: int


class RawFileError(Exception):
    """A raw file that cannot be read as the contract says: the message names the file, the line and the problem."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = self.path if line is None else f"{self.path}, line {line}"
        super().__init__(f"{where}: {problem}")

    def __reduce__(self) -> tuple[type[RawFileError], tuple[str, str, int | None]]:
        # pickled with its parts (e.g. across processes), not with the formatted message
        return type(self), (self.path, self.problem, self.line)


# --- CSV ----------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Scan:
    """The state of one pass: the physical line being read and the record it belongs to."""

    path: Path
    limit: int
    line: int = 0  # physical lines read so far (the last one read is line `line`)
    offset: int = 0  # bytes read so far
    ending: str = ""  # line ending of the last line read: \r\n, \n, \r (only at end of file) or '' (none)
    record_line: int = 1  # first physical line of the current record
    record_offset: int = 0  # its byte offset
    record_bytes: int = 0  # bytes of the current record read so far (a BOM and line endings included)
    quoted: bool = False  # the current record holds a '"' (then its lines are kept in `texts`)
    texts: list[str] = field(default_factory=list)  # the current record's lines, decoded, from its first quote on

    def next_record(self) -> None:
        self.record_line, self.record_offset, self.record_bytes = self.line + 1, self.offset, 0
        if self.quoted:
            self.quoted = False
            self.texts.clear()


def _bad_utf8(scan: _Scan, raw: bytes, error: UnicodeDecodeError) -> RawFileError:
    bad = raw[error.start:error.end].hex(" ").upper()
    return RawFileError(
        scan.path, f"invalid UTF-8 (byte {bad} at byte {error.start + 1} of the line); the file must be UTF-8",
        scan.line,
    )


def _lines(stream: BinaryIO, scan: _Scan) -> Iterator[str]:
    """The decoded physical lines of `stream` (line endings kept, as csv wants; a leading BOM dropped), each checked
    as it is read: UTF-8, and the size of the record so far (DuckDB's max_line_size: the bytes before the final LF,
    a BOM included, must stay under the limit)."""
    limit, readline, texts = scan.limit, stream.readline, scan.texts
    if stream.read(len(BOM)) == BOM:
        scan.offset = scan.record_offset = scan.record_bytes = len(BOM)
    else:
        stream.seek(0)
    while raw := readline(limit + 1):
        scan.line += 1
        size = len(raw)
        scan.offset += size
        scan.record_bytes += size
        if raw[-1:] == b"\n":  # CR CR LF (csv reads it as one line ending) ends a record with a bare CR
            scan.ending = ("\r" if raw[-3:-2] == b"\r" else "\r\n") if raw[-2:-1] == b"\r" else "\n"
            if scan.record_bytes > limit:
                raise _too_long(scan)
        else:
            scan.ending = "\r" if raw[-1:] == b"\r" else ""
            if scan.record_bytes >= limit:
                raise _too_long(scan)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _bad_utf8(scan, raw, error) from None
        if scan.quoted or b'"' in raw:
            scan.quoted = True
            texts.append(text)
        yield text


def _text_chunks(path: Path, offset: int, size: int = 1 << 20) -> Iterator[str]:
    """The text of `path` from byte `offset` (a record start, after any BOM) on, in chunks (bad UTF-8 replaced: for
    locating quotes only)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    with path.open("rb") as stream:
        stream.seek(offset)
        while chunk := stream.read(size):
            yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _unclosed_quote_line(chunks: Iterator[str], first_line: int) -> int | None:
    """Reading CSV text from the start of a record: the line where one of its quoted fields opens that no later
    quote closes, or None when the record ends (a line break outside quotes) or the text ends outside quotes."""
    state, previous, line, opened = "out", "\n", first_line, first_line  # previous: the character before `pos`
    for chunk in chunks:
        pos = 0
        while pos < len(chunk):
            if state == "pending":  # a quote inside a quoted field: the first of a doubled pair, or the closing one
                state = "in" if chunk[pos] == '"' else "out"
                pos += state == "in"
                continue
            quote = chunk.find('"', pos)
            end = len(chunk) if quote < 0 else quote
            if state == "out" and chunk.find("\n", pos, end) >= 0:
                return None
            line += chunk.count("\n", pos, end)
            if quote < 0:
                previous = chunk[-1]
                break
            if state == "in":
                state = "pending"
            elif (chunk[quote - 1] if quote > pos else previous) in ",\n\r":
                state, opened = "in", line
            previous, pos = '"', quote + 1
    return opened if state == "in" else None


def _too_long(scan: _Scan) -> RawFileError:
    """The error for a record over the limit: an unclosed quote when that is what makes it run on."""
    opened = _unclosed_quote_line(_text_chunks(scan.path, scan.record_offset), scan.record_line)
    if opened is not None:
        return _unterminated(scan, opened)
    span = "" if scan.line == scan.record_line else f" (it spans lines {scan.record_line} to {scan.line} at least)"
    return RawFileError(
        scan.path,
        f"the record is longer than {scan.limit} bytes counted with its line ending{span}; the limit is the dbt var "
        f"`{LIMIT_VAR}` (DuckDB's max_line_size)",
        scan.record_line,
    )


def _unterminated(scan: _Scan, opened: int) -> RawFileError:
    return RawFileError(
        scan.path, "a quoted field opens on this line and its closing quote is never found (unterminated quote)",
        opened,
    )


def _quoting_error(scan: _Scan) -> RawFileError | None:
    """A `"` inside an unquoted field or text after a closing quote in the current record, if any."""
    text = "".join(scan.texts).rstrip("\r\n")  # the record's line ending (no field ends with a bare CR or LF)
    if RECORD_RE.fullmatch(text):
        return None
    pos = 0
    while (end := FIELD_RE.match(text, pos).end()) < len(text) and text[end] == ",":
        pos = end + 1
    line = scan.record_line + text.count("\n", 0, end)
    if text[pos:pos + 1] == '"':
        return RawFileError(scan.path, 'text follows the closing quote of a quoted field (after "..." only a comma '
                            "or the line end may come)", line)
    return RawFileError(scan.path, 'a " inside an unquoted field; a field holding a quote must be quoted, with the '
                        'quote doubled ("a ""b"" c")', line)


def _csv_error(scan: _Scan, error: csv.Error) -> RawFileError:
    message = str(error)
    if "new-line character" in message:
        return _bare_cr(scan, scan.line)
    if "unexpected end of data" in message:
        opened = _unclosed_quote_line(_text_chunks(scan.path, scan.record_offset), scan.record_line)
        return _unterminated(scan, scan.record_line if opened is None else opened)
    if "expected after" in message:
        return _quoting_error(scan) or RawFileError(scan.path, f"not RFC 4180 CSV ({message})", scan.line)
    return RawFileError(scan.path, f"not RFC 4180 CSV ({message})", scan.line)


def _bare_cr(scan: _Scan, line: int) -> RawFileError:
    return RawFileError(scan.path, "a bare CR (carriage return without line feed) ends a line; lines must end "
                        "with LF or CRLF", line)


def _check_header(scan: _Scan, header: list[str]) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        key = name.strip(" ").lower()
        if key in seen:
            first = header[seen[key] - 1]
            raise RawFileError(
                scan.path,
                f'duplicated column name "{name.strip(" ")}": columns {seen[key]} ("{first}") and {position} '
                f'("{name}") of the header (names are compared ignoring case and surrounding spaces)',
                scan.record_line,
            )
        seen[key] = position


def _check_ending(scan: _Scan, first: tuple[str, int] | None) -> tuple[str, int] | None:
    """Called when the ending of the record just read is not the file's first one: returns the (ending, line) of the
    file's first record ending, or raises on a bare CR or an ending that differs from the first."""
    if scan.ending == "\r":
        raise _bare_cr(scan, scan.line)
    if not scan.ending:  # the last line, without a line ending
        return first
    if first is None:
        return scan.ending, scan.line
    raise RawFileError(
        scan.path,
        f"mixed line endings: this line ends with {ENDING_NAMES[scan.ending]} but line {first[1]} ends with "
        f"{ENDING_NAMES[first[0]]}; use one line ending for the whole file",
        scan.line,
    )


def _field_count_error(scan: _Scan, row: list[str], header: list[str]) -> RawFileError:
    fields = f"{len(row)} field" + ("" if len(row) == 1 else "s")
    return RawFileError(scan.path, f"the record has {fields} but the header has {len(header)}", scan.record_line)


def _count_records(scan: _Scan, reader: Iterator[list[str]]) -> int:
    """The data records `reader` yields (csv does not read ahead, so `scan` describes the record just read). The
    header is the first record that is not an empty line; an empty line ([]) holds no record."""
    header: list[str] | None = None
    records, width, first, expected = 0, -1, None, None  # first: (ending, line) of the file's first record ending
    for row in reader:
        if scan.quoted and (error := _quoting_error(scan)):
            raise error
        if scan.ending != expected:
            first = _check_ending(scan, first)
            expected = first[0] if first else None
        if len(row) == width:
            records += 1
        elif header is None:
            if row:
                header, width = row, len(row)
                _check_header(scan, header)
        elif row:
            raise _field_count_error(scan, row, header)
        scan.next_record()
    if header is None:
        raise RawFileError(scan.path, "the file is empty: it has no header line")
    return records


# The fast pass: whole blocks of records at C speed (decode, one regex, the csv module), for well-formed files.


def _fast_header(text: str) -> tuple[list[str], str] | None:
    """The header record and the record terminator of a file that starts with `text`, or None when unsure."""
    try:
        header = next((row for row in csv.reader(text.split("\n"), strict=True) if row), None)
    except csv.Error:
        return None
    newline = text.find("\n")
    if header is None or len({name.strip(" ").lower() for name in header}) != len(header):
        return None  # no header yet, or a duplicated name: the line-by-line pass names it
    return header, "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"


def _fast_records(text: str, width: int) -> int | None:
    """The records of `text` (whole records, already matched by the block regex) that have `width` fields."""
    try:
        counts = Counter(map(len, csv.reader(text.split("\n"), strict=True)))
    except csv.Error:
        return None
    return counts[width] if set(counts) <= {0, width} else None


def _fast_count(stream: BinaryIO, limit: int) -> int | None:
    """The data records of the CSV `stream`, read in blocks of whole records that one regex proves well-formed
    (RFC 4180 quoting, every record with the header's field count and ended by the file's record terminator, every
    block shorter than `limit`); None as soon as anything is unusual: check_csv then reads the file line by line,
    which gives the same count or names the problem."""
    bom = len(BOM) if stream.read(len(BOM)) == BOM else 0
    stream.seek(bom)
    block_size = max(1, min(FAST_BLOCK_BYTES, limit // 4))
    carry, records, width, records_re, last_re = b"", -1, 0, None, None  # records: the header is one
    while True:
        if len(carry) > 2 * block_size:
            return None  # a long record, or a malformed one the regex stopped at: read line by line
        chunk = stream.read(block_size)
        data = carry + chunk
        if not data:
            return records if records >= 0 else None
        if len(data) + bom >= limit:
            return None  # a record may be near the limit: read line by line
        cut = data.rfind(b"\n") + 1 if chunk else len(data)  # the block ends with a whole line
        if not cut:
            carry = data
            continue
        try:
            text = data[:cut].decode("utf-8")
        except UnicodeDecodeError:
            return None
        if records_re is None:
            if not (found := _fast_header(text)):
                return None
            width, record = len(found[0]), f"{FIELD}(?:,{FIELD}){{{len(found[0]) - 1}}}"
            records_re, last_re = re.compile(f"(?:(?:{record})?{found[1]})*+"), re.compile(f"(?:{record})?")
        done = records_re.match(text).end()
        if (counted := _fast_records(text[:done], width)) is None:
            return None
        records, carry, bom = records + counted, text[done:].encode("utf-8") + data[cut:], 0
        if not chunk:  # end of file: what is left is the last record, without a line ending, or nothing
            last = carry.decode("utf-8")
            if not last_re.fullmatch(last) or (counted := _fast_records(last, width)) is None:
                return None
            return records + counted


def check_csv(path: Path, max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> int:
    """The number of data records of the CSV file `path` (the header excluded), or RawFileError on a malformed file.

    `max_line_bytes` is the dbt var `cx_max_line_bytes`. Missing contract columns are not checked here (dbt's
    raw_source reports them). The csv module's field size limit (process-wide) is raised to `max_line_bytes` if
    lower, never lowered, so concurrent calls cannot shrink it under one another.
    """
    if max_line_bytes < 1:
        raise ValueError(f"max_line_bytes must be positive, not {max_line_bytes}")
    path = Path(path)
    scan = _Scan(path, max_line_bytes)
    if csv.field_size_limit() < max_line_bytes:
        csv.field_size_limit(max_line_bytes)
    try:
        with path.open("rb") as stream:
            if (records := _fast_count(stream, max_line_bytes)) is not None:
                return records
            stream.seek(0)
            reader = csv.reader(_lines(stream, scan), delimiter=",", quotechar='"', doublequote=True, strict=True)
            try:
                return _count_records(scan, reader)
            except csv.Error as error:
                raise _csv_error(scan, error) from None
    except OSError as error:
        raise RawFileError(path, f"cannot be read ({error.strerror or error})") from None


# --- Parquet ------------------------------------------------------------------------------------------------------


def _top_level_names(schema: list[tuple[str, int | None]]) -> list[str]:
    """The column names of a Parquet schema (its flattened tree: root first, each node with its child count)."""
    names: list[str] = []
    open_children = [schema[0][1] or 0]
    for name, children in schema[1:]:
        if len(open_children) == 1:
            names.append(name)
        open_children[-1] -= 1
        if children:
            open_children.append(children)
        while len(open_children) > 1 and open_children[-1] == 0:
            open_children.pop()
    return names


def count_parquet(path: Path) -> int:
    """The row count of the Parquet file `path` from its footer, or RawFileError (unreadable, duplicated column)."""
    import duckdb

    path = Path(path)
    literal = "'" + str(path).replace("'", "''") + "'"
    con = duckdb.connect()
    try:
        rows = con.execute(f"select sum(num_rows) from parquet_file_metadata({literal})").fetchone()[0]
        schema = con.execute(f"select name, num_children from parquet_schema({literal})").fetchall()
    except duckdb.Error as error:
        reason = str(error).splitlines()[0]
        raise RawFileError(path, f"not a readable Parquet file ({reason})") from None
    finally:
        con.close()
    seen: dict[str, str] = {}
    for name in _top_level_names(schema):
        key = name.strip(" ").lower()
        if key in seen:
            raise RawFileError(path, f'duplicated column name "{name}" (also "{seen[key]}"; names are compared '
                               "ignoring case and surrounding spaces)")
        seen[key] = name
    return int(rows or 0)


# --- Tables and folders -------------------------------------------------------------------------------------------


def inspect_file(table_name: str, path: Path, file_format: str,
                 max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> RawFile:
    """Check one raw file and describe it."""
    if file_format not in FILE_FORMATS:
        raise ValueError(f"file_format must be csv or parquet, not '{file_format}'")
    path = Path(path)
    records = count_parquet(path) if file_format == "parquet" else check_csv(path, max_line_bytes=max_line_bytes)
    stat = path.stat()
    modified_at = datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc).replace(tzinfo=None)
    return RawFile(table_name, str(path), file_format, stat.st_size, modified_at, records)


def inspect_table(table_name: str, files: list[Path], file_format: str,
                  max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[RawFile]:
    """Check every file of one raw table, in the given order; RawFileError on the first malformed one."""
    return [inspect_file(table_name, path, file_format, max_line_bytes) for path in files]


def inspect_folder(raw_dir: Path, table_names: list[str], raw_format: str = "detect",
                   max_line_bytes: int = DEFAULT_MAX_LINE_BYTES) -> list[RawFile]:
    """Check the files of every table of `table_names` in `raw_dir`, found by cx_tools.load_raw.locate.

    Raises RawLoadError (cx_tools.load_raw) when a table is missing or found twice, RawFileError on a malformed file.
    """
    found: list[RawFile] = []
    for name in table_names:
        table = locate(Path(raw_dir), name, raw_format)
        found.extend(inspect_table(name, list(table.files), table.extension, max_line_bytes))
    return found

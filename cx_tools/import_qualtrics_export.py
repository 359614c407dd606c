"""Turn Qualtrics CSV exports into the tables of Fivetran's Qualtrics connector, so the project can read them.

Use this when you have no Fivetran connector but can download responses from Qualtrics (Data & Analysis -> Export
& Import -> Export data -> CSV). Each file is one survey. The output folder then holds the connector's tables as
CSV files, and the project's Qualtrics staging models read them like a real connector's tables. The options, the
exit status and examples of the whole route come after this description in `--help` (in the code: parse_args and
EPILOG).

Header layouts (detected per file; a UTF-8 BOM at the start is ignored)
    current   3 header rows: column names (StartDate, ResponseId, Q1, Q2_1, customer_id, ...), question text,
              and JSON ImportIds such as {"ImportId":"QID1"} or {"ImportId":"recordedDate","timeZone":"..."}.
    2016      the same, with ImportIds written as Python dicts: {'ImportId': 'QID1'}.
    legacy    2 header rows: V1, V2, ..., V10, Q1, Q2_1, ... and then the names and question texts
              (ResponseID, ResponseSet, Name, ExternalDataReference, EmailAddress, IPAddress, Status,
              StartDate, EndDate, Finished, ...). There is no ImportId: a question is known by its export tag
              (Q1; Q2_1 is sub-question 1 of Q2), so survey_map must name the tags (nps_question_id Q1).

What each column becomes
    QID1             an answer (question_response.value) of question QID1.
    QID4_TEXT        the text (question_response.text) of QID4, in the same row as QID4's value if it has one.
    QID6_1           sub-question 1 of matrix question QID6 (sub_question_key 1); QID6_1_TEXT its text.
    1_QID7           QID7 in loop 1 (loop_id 1).
    QID5_NPS_GROUP   not an answer: it only marks QID5 as an NPS question (question.selector NPS) and is checked
                     against the 0-10 answer (group 1 detractor 0-6, 2 passive 7-8, 3 promoter 9-10, or the words
                     Detractor, Passive, Promoter). A disagreement is printed as a warning; the answer is kept.
    _recordId (ResponseId), recordedDate, distributionChannel, status, finished
                     the response (survey_response). A legacy export has no recorded date: its EndDate (when the
                     response was submitted) stands for it, unless a RecordedDate column exists.
    startDate, endDate, ipAddress, progress, duration, recipientLastName, recipientFirstName, recipientEmail,
    externalDataReference, locationLatitude, locationLongitude, userLanguage (and the legacy ResponseSet, Name,
    EmailAddress, IPAddress, ExternalDataReference, LocationLatitude, LocationLongitude, LocationAccuracy, and
    any other V<n> column)
                     never copied: no recipient email, name, IP address or location leaves the export.
    anything else    embedded data (survey_embedded_data), keyed by its ImportId; in a legacy export, a column
                     whose first-row name is neither V<n> nor a question tag (Q<n>...), keyed by that name.
    Empty cells give no row. Answer texts are copied as they are (an email typed into an answer is redacted by
    the staging models, not here).

Values
    status             Qualtrics' labels become the connector's codes: IP Address 0, Survey Preview 1, Survey
                       Test 2, Imported 4, Spam 8, Survey Preview Spam 9, Imported Spam 12, Offline 16, Offline
                       Survey Preview 17. A number, or any other text, is kept as it is: staging keeps only 0, 4
                       and 16 and rejects the rest (not_a_live_response).
    finished           copied as it is (True/False or 1/0); staging rejects unfinished responses.
    recorded_date      converted from the export's time zone to UTC, written YYYY-MM-DD HH:MM:SS (a fraction of a
                       second is dropped). Read: YYYY-MM-DD HH:MM:SS, YYYY-MM-DDTHH:MM:SS (either with a fraction)
                       and the legacy M/D/YYYY H:MM or M/D/YY H:MM (seconds optional). A local time that occurs
                       twice (the hour clocks go back) is taken as the first. Anything else is copied unchanged
                       and staging records it as invalid_timestamp.
    _fivetran_synced   the input file's modification time in UTC, so an unchanged file imports to the same rows
                       (and of two imports of one response, the newer file's copy wins in staging).

Tables written (UTF-8, a header row, every field text)
    survey.csv                id, survey_name, _fivetran_deleted (false), _fivetran_synced: one row per file.
    question.csv              id, survey_id, selector, _fivetran_deleted, _fivetran_synced: one row per question.
    survey_response.csv       id, survey_id, recorded_date, distribution_channel, status, finished,
                              _fivetran_synced: one row per data row, nothing more.
    question_response.csv     response_id, question_id, sub_question_key, loop_id, value, text, _fivetran_synced.
    survey_embedded_data.csv  response_id, key, value, _fivetran_synced.
    question_option.csv, distribution.csv, distribution_contact.csv
                              header only: an export has no option list and no mailings. So set CES and CSAT
                              scales in survey_map (else the defaults apply), and expect no invitations.

Errors
    A file that cannot be read (not UTF-8, broken quoting, a data row with another number of fields than the
    header, fewer header rows than its layout needs, unreadable ImportIds, no response id column) stops the import
    with exit code 1 and a message naming the file and the row (the 1-based line of the file where the record
    starts); nothing is written. Nothing in a readable file is dropped: a row with an empty response id, an
    unknown status or an unreadable date is written as it is, for the staging models to judge and the audit to
    show. Blank lines hold no row and are skipped.
"""
from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TABLES: dict[str, tuple[str, ...]] = {
    "survey": ("id", "survey_name", "_fivetran_deleted", "_fivetran_synced"),
    "question": ("id", "survey_id", "selector", "_fivetran_deleted", "_fivetran_synced"),
    "question_option": ("key", "question_id", "survey_id", "recode_value", "_fivetran_deleted", "_fivetran_synced"),
    "survey_response": (
        "id", "survey_id", "recorded_date", "distribution_channel", "status", "finished", "_fivetran_synced"
    ),
    "question_response": (
        "response_id", "question_id", "sub_question_key", "loop_id", "value", "text", "_fivetran_synced"
    ),
    "survey_embedded_data": ("response_id", "key", "value", "_fivetran_synced"),
    "distribution": ("id", "survey_link_survey_id", "_fivetran_synced"),
    "distribution_contact": ("distribution_id", "contact_id", "sent_at", "response_id", "_fivetran_synced"),
}
RESPONSE_FIELDS = ("id", "recorded_date", "distribution_channel", "status", "finished")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

# Current and 2016 exports: ImportIds of the response's own fields, and those never copied.
METADATA_IMPORT_IDS = {
    "_recordId": "id", "recordedDate": "recorded_date", "distributionChannel": "distribution_channel",
    "status": "status", "finished": "finished",
}
DROPPED_IMPORT_IDS = frozenset({
    "startDate", "endDate", "ipAddress", "progress", "duration", "recipientLastName", "recipientFirstName",
    "recipientEmail", "externalDataReference", "locationLatitude", "locationLongitude", "userLanguage",
})
# Legacy exports: the second-row names (lower case) of the response's fields, and those never copied.
LEGACY_METADATA = {
    "responseid": "id", "recordeddate": "recorded_date", "distributionchannel": "distribution_channel",
    "status": "status", "finished": "finished",
}
LEGACY_END_DATE = "enddate"
LEGACY_DROPPED = frozenset({name.lower() for name in DROPPED_IMPORT_IDS} | {
    "responseset", "name", "emailaddress", "ipaddress", "externaldatareference", "locationaccuracy",
})
LEGACY_METADATA_TAG = re.compile(r"V\d+")
QUESTION_IMPORT_ID = re.compile(r"(?:(?P<loop>[^_]+)_)?(?P<question>QID\d+)(?:_(?P<rest>.+))?")
LEGACY_QUESTION_TAG = re.compile(r"(?:(?P<loop>[^_]+)_)?(?P<question>Q\d+)(?:_(?P<rest>.+))?")

STATUS_CODES = {
    "ip address": "0", "survey preview": "1", "survey test": "2", "imported": "4", "spam": "8",
    "survey preview spam": "9", "imported spam": "12", "offline": "16", "offline survey preview": "17",
}
NPS_GROUPS = {
    "1": "detractor", "2": "passive", "3": "promoter",
    "detractor": "detractor", "passive": "passive", "promoter": "promoter",
}
EPILOG = """\
exit status:
  0  the tables were written (a disagreeing NPS group is only a warning, on stderr)
  1  an export cannot be read (see Errors above; nothing is written) or the output folder cannot be written
  2  bad arguments: no export, no --out, an unknown --timezone, --survey-id with several files or empty

examples:
  python -m cx_tools.import_qualtrics_export SV_abc123.csv SV_def456.csv --out raw/
  python -m cx_tools.import_qualtrics_export export.csv --survey-id SV_abc123 --timezone Europe/Berlin --out raw/
  # then add the helpdesk files (tickets.csv, customers.csv, agents.csv) to raw/, map each survey in
  # seeds/survey_map.csv and build with the Qualtrics source selected:
  CX_RAW_DIR=raw CX_SURVEY_SOURCES=qualtrics dbt build
"""
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?")
US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2}) (\d{1,2}):(\d{2})(?::(\d{2}))?")


class ExportError(Exception):
    """An export file that cannot be read; the message names the file and, where there is one, the row."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path}: row {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Column:
    """What one column of an export becomes."""

    kind: str  # meta, answer, text, nps_group, embedded or drop
    name: str = ""  # meta: the survey_response field; embedded: the key
    question_id: str = ""
    sub_question_key: str = ""
    loop_id: str = ""


@dataclass
class Export:
    """One export file, read: its layout, what its columns become and its data rows (line, cells)."""

    path: Path
    layout: str
    columns: list[Column]
    rows: list[tuple[int, list[str]]]
    header_zone: ZoneInfo | None = None  # the zone a current export names for its recorded dates


@dataclass
class Tables:
    """The connector's tables being built, as rows of text."""

    rows: dict[str, list[list[str]]] = field(default_factory=lambda: {name: [] for name in TABLES})


# Reading a file.


def read_records(path: Path) -> tuple[list[tuple[int, list[str]]], int]:
    """The file's records as (line where the record starts, fields), blank lines skipped, and the line after the
    last one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExportError(path, None, f"cannot be read: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ExportError(
            path, line, f"not UTF-8 (byte 0x{data[error.start]:02x}); download the export again as CSV, which "
            "Qualtrics writes in UTF-8"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if row:
                records.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ExportError(path, start, f"broken CSV quoting ({error})") from None
    return records, start


def check_widths(path: Path, records: list[tuple[int, list[str]]]) -> None:
    """Every record has as many fields as the first header row."""
    width = len(records[0][1])
    for line, cells in records[1:]:
        if len(cells) != width:
            raise ExportError(
                path, line, f"the row has {len(cells)} fields but the header (row {records[0][0]}) has {width}"
            )


def parse_import_id(path: Path, line: int, cell: str, parse: Callable[[str], object]) -> dict:
    """The ImportId dict of one third-row cell."""
    try:
        value = parse(cell.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        value = None
    if not isinstance(value, dict) or not isinstance(value.get("ImportId"), str):
        raise ExportError(path, line, f"not an ImportId: {cell!r} (expected e.g. {{\"ImportId\":\"QID1\"}})")
    return value


def import_id_layout(path: Path, line: int, first_cell: str) -> tuple[str, Callable[[str], object]]:
    """current (JSON) or 2016 (Python dicts), from the first ImportId of the third header row."""
    for layout, parse in (("current", json.loads), ("2016", ast.literal_eval)):
        try:
            parse_import_id(path, line, first_cell, parse)
        except ExportError:
            continue
        return layout, parse
    raise ExportError(
        path, line, "the third header row holds no ImportIds ({\"ImportId\":...} or {'ImportId': ...}) and the "
        "first row does not start with V1 (a legacy export): not a Qualtrics CSV export"
    )


def read_export(path: Path) -> Export:
    """Read one export file and work out what its columns become."""
    records, end_line = read_records(path)
    if not records:
        raise ExportError(path, 1, "the file is empty: a Qualtrics export starts with 2 or 3 header rows")
    names = records[0][1]
    legacy = bool(LEGACY_METADATA_TAG.fullmatch(names[0].strip()))
    needed = 2 if legacy else 3
    if len(records) < needed:
        kind = "a legacy export (first row V1, V2, ...)" if legacy else "a current or 2016 export"
        raise ExportError(
            path, end_line, f"the file ends after {len(records)} header row(s) but {kind} has {needed}"
        )
    check_widths(path, records)
    if legacy:
        columns = legacy_columns(path, names, records[1][1], records[1][0])
        return Export(path, "legacy", columns, records[2:])
    line, import_ids = records[2]
    layout, parse = import_id_layout(path, line, import_ids[0])
    parsed = [parse_import_id(path, line, cell, parse) for cell in import_ids]
    columns = [import_id_column(item["ImportId"]) for item in parsed]
    require_response_id(path, line, columns)
    zones = [item.get("timeZone") for item in parsed if item["ImportId"] == "recordedDate"]
    zone = load_zone(zones[0], path, line) if zones and isinstance(zones[0], str) and zones[0] else None
    return Export(path, layout, columns, records[3:], zone)


# What each column becomes.


def question_column(tag: str, pattern: re.Pattern[str]) -> Column | None:
    """The question column `tag` names (QID6_1, 1_QID7, QID4_TEXT, QID5_NPS_GROUP...), or None."""
    match = pattern.fullmatch(tag.strip())
    if not match:
        return None
    question, loop, rest = match["question"], match["loop"] or "", match["rest"] or ""
    if rest == "NPS_GROUP":
        return Column("nps_group", question_id=question, loop_id=loop)
    if rest == "TEXT" or rest.endswith("_TEXT"):
        return Column("text", question_id=question, sub_question_key=rest[: -len("TEXT")].rstrip("_"), loop_id=loop)
    return Column("answer", question_id=question, sub_question_key=rest, loop_id=loop)


def import_id_column(import_id: str) -> Column:
    """What a current or 2016 export's column with this ImportId becomes."""
    if import_id in METADATA_IMPORT_IDS:
        return Column("meta", name=METADATA_IMPORT_IDS[import_id])
    if import_id in DROPPED_IMPORT_IDS:
        return Column("drop")
    return question_column(import_id, QUESTION_IMPORT_ID) or Column("embedded", name=import_id)


def legacy_columns(path: Path, tags: list[str], names: list[str], names_line: int) -> list[Column]:
    """What a legacy export's columns become, from the first row's tags and the second row's names."""
    columns: list[Column] = []
    for tag, name in zip(tags, names):
        key = name.strip().lower()
        if LEGACY_METADATA_TAG.fullmatch(tag.strip()):
            column = Column("meta", name=LEGACY_METADATA[key]) if key in LEGACY_METADATA else Column("drop")
            columns.append(Column("meta", name=LEGACY_END_DATE) if key == LEGACY_END_DATE else column)
        elif question := question_column(tag, LEGACY_QUESTION_TAG):
            columns.append(question)
        elif tag.strip().lower() in LEGACY_DROPPED or key in LEGACY_DROPPED:
            columns.append(Column("drop"))
        else:
            columns.append(Column("embedded", name=tag.strip()))
    has_recorded_date = any(column.name == "recorded_date" for column in columns if column.kind == "meta")
    end_date = Column("drop") if has_recorded_date else Column("meta", name="recorded_date")
    columns = [end_date if column.name == LEGACY_END_DATE and column.kind == "meta" else column for column in columns]
    require_response_id(path, names_line, columns)
    return columns


def require_response_id(path: Path, line: int, columns: list[Column]) -> None:
    if not any(column.kind == "meta" and column.name == "id" for column in columns):
        raise ExportError(
            path, line, "no response id column (ImportId _recordId, or ResponseID in a legacy export): export "
            "the responses with their response ids"
        )


# Values.


def load_zone(name: str, path: Path | None = None, line: int | None = None) -> ZoneInfo:
    """The IANA time zone `name`; an unknown name is an error of the file (path) or of the option."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        problem = f"unknown time zone {name!r} (an IANA name such as America/New_York)"
        if path is None:
            raise argparse.ArgumentTypeError(problem) from None
        raise ExportError(path, line, problem) from None


def to_utc(text: str, zone: ZoneInfo) -> str:
    """`text`, a local date and time in `zone`, as UTC YYYY-MM-DD HH:MM:SS; unchanged when it cannot be read."""
    value = text.strip()
    if match := ISO_DATE.fullmatch(value):
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
    elif match := US_DATE.fullmatch(value):
        month, day, year, hour, minute = (int(part) for part in match.groups()[:5])
        second = int(match[6] or 0)
        year += 2000 if year < 100 else 0
    else:
        return text
    try:
        local = datetime(year, month, day, hour, minute, second, tzinfo=zone)
        return local.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)
    except (ValueError, OverflowError):
        return text


def status_code(text: str) -> str:
    """The connector's status code of a Qualtrics status label; a number or any other text unchanged."""
    return STATUS_CODES.get(" ".join(text.split()).lower(), text)


def nps_category(score: str) -> str | None:
    """detractor, passive or promoter of a 0-10 answer, or None when it is not one."""
    value = score.strip()
    if not value.isdigit() or int(value) > 10:
        return None
    return "detractor" if int(value) <= 6 else "passive" if int(value) <= 8 else "promoter"


def file_synced_at(path: Path) -> str:
    """The file's modification time in UTC: the rows' _fivetran_synced."""
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).strftime(TIMESTAMP_FORMAT)


# Converting.


def warn_nps_groups(export: Export, line: int, groups: list[tuple[Column, str]], answers: dict) -> None:
    """Print a warning for each NPS group of the row that disagrees with its 0-10 answer."""
    for column, group in groups:
        expected = NPS_GROUPS.get(group.strip().lower())
        answer = answers.get((column.question_id, column.sub_question_key, column.loop_id), ["", ""])[0]
        actual = nps_category(answer)
        if expected and actual and expected != actual:
            loop = f" (loop {column.loop_id})" if column.loop_id else ""
            print(
                f"warning: {export.path}: row {line}: question {column.question_id}{loop}: NPS group {group!r} "
                f"({expected}) disagrees with the answer {answer!r} ({actual}); the answer is kept",
                file=sys.stderr,
            )


def convert_row(export: Export, line: int, cells: list[str], context: tuple[str, ZoneInfo, str],
                tables: Tables) -> None:
    """Append the rows of one response to the tables."""
    survey_id, zone, synced = context
    response = dict.fromkeys(RESPONSE_FIELDS, "")
    answers: dict[tuple[str, str, str], list[str]] = {}
    groups: list[tuple[Column, str]] = []
    embedded: list[tuple[str, str]] = []
    for column, cell in zip(export.columns, cells):
        if column.kind == "meta":
            response[column.name] = cell
        elif not cell.strip() or column.kind == "drop":
            continue
        elif column.kind in ("answer", "text"):
            slot = answers.setdefault((column.question_id, column.sub_question_key, column.loop_id), ["", ""])
            slot[0 if column.kind == "answer" else 1] = cell
        elif column.kind == "nps_group":
            groups.append((column, cell))
        else:
            embedded.append((column.name, cell))
    warn_nps_groups(export, line, groups, answers)
    response_id = response["id"]
    tables.rows["survey_response"].append([
        response_id, survey_id, to_utc(response["recorded_date"], zone), response["distribution_channel"],
        status_code(response["status"]), response["finished"], synced,
    ])
    tables.rows["question_response"].extend(
        [response_id, question, sub, loop, value, text, synced]
        for (question, sub, loop), (value, text) in answers.items()
    )
    tables.rows["survey_embedded_data"].extend([response_id, key, value, synced] for key, value in embedded)


def convert_export(export: Export, survey_id: str, zone: ZoneInfo, tables: Tables) -> None:
    """Append the survey, its questions and its responses to the tables."""
    synced = file_synced_at(export.path)
    tables.rows["survey"].append([survey_id, export.path.stem, "false", synced])
    questions: dict[str, str] = {}
    for column in export.columns:
        if column.kind in ("answer", "text", "nps_group"):
            selector = questions.setdefault(column.question_id, "")
            questions[column.question_id] = "NPS" if column.kind == "nps_group" else selector
    tables.rows["question"].extend(
        [question, survey_id, selector, "false", synced] for question, selector in questions.items()
    )
    for line, cells in export.rows:
        convert_row(export, line, cells, (survey_id, zone, synced), tables)


def import_exports(paths: list[Path], survey_id: str | None = None, zone: ZoneInfo | None = None) -> Tables:
    """The connector's tables of the exports `paths` (read in full before anything is written)."""
    exports = [read_export(path) for path in paths]
    tables = Tables()
    for export in exports:
        convert_export(export, survey_id or export.path.stem, zone or export.header_zone or ZoneInfo("UTC"), tables)
    return tables


def write_tables(folder: Path, tables: Tables) -> None:
    """Write every table to FOLDER/<table>.csv, replacing what was there (each file written aside, then moved)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, header in TABLES.items():
        partial = folder / f".{name}.csv.partial"
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(tables.rows[name])
        partial.replace(folder / f"{name}.csv")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line's arguments (`argv`, default sys.argv[1:]); exits 2, with the usage, on bad ones."""
    parser = argparse.ArgumentParser(
        prog="python -m cx_tools.import_qualtrics_export", description=__doc__, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "exports", nargs="+", type=Path, metavar="EXPORT.csv",
        help="one or more Qualtrics CSV exports, one survey each; with several, the rows of every file are "
             "appended, in the order given",
    )
    parser.add_argument(
        "--out", required=True, type=Path, metavar="FOLDER",
        help="where the tables are written (created if missing; required). Its eight table files are replaced; "
             "other files in it are left alone",
    )
    parser.add_argument(
        "--survey-id", metavar="SV_...",
        help="the survey id (only with one input file). Default: the file name without .csv, so name your "
             "downloads after their survey ids (SV_abc123.csv); the survey name is the file name without .csv too",
    )
    parser.add_argument(
        "--timezone", type=load_zone, metavar="ZONE",
        help="the IANA time zone the export's dates are written in (your Qualtrics account's time zone, e.g. "
             "America/New_York). Default: the zone the export names in its RecordedDate ImportId "
             "({\"ImportId\":\"recordedDate\",\"timeZone\":\"...\"}), else UTC",
    )
    args = parser.parse_args(argv)
    if args.survey_id is not None and len(args.exports) != 1:
        parser.error("--survey-id is allowed with one input file only (name the files after their survey ids)")
    if args.survey_id is not None and not args.survey_id.strip():
        parser.error("--survey-id must not be empty")
    return args


def main(argv: list[str] | None = None) -> int:
    """Import the exports the command line names; returns the exit status (see EPILOG)."""
    args = parse_args(argv)
    try:
        tables = import_exports(args.exports, args.survey_id, args.timezone)
        write_tables(args.out, tables)
    except ExportError as error:
        print(f"error: {error}; nothing was written", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: cannot write to {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    rows = tables.rows
    print(
        f"{len(rows['survey'])} survey(s), {len(rows['survey_response'])} responses, "
        f"{len(rows['question_response'])} answers, {len(rows['survey_embedded_data'])} embedded data fields "
        f"written to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

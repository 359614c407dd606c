"""cx_tools.import_qualtrics_export: Qualtrics CSV exports -> Fivetran's Qualtrics tables. Every expected row is
written out by hand below (not computed by the importer).

Fixtures (data/fixtures/qualtrics_exports/), each copied with its modification time set to 2026-04-05 00:00:00 UTC
(the rows' _fivetran_synced):

SV_exportCurrent.csv  current layout (JSON ImportIds); the header names America/Denver for RecordedDate (MST, UTC-7
    until 2026-03-08, then MDT, UTC-6). Row 2 holds a question text over two lines, so the data rows start on line 5.
    QID1 NPS with QID1_NPS_GROUP, QID2_TEXT reason, QID3_1/QID3_2 matrix, 1_QID4/2_QID4 loop, QID5 + QID5_TEXT.
      R_cur01 03-02 09:15 -> 16:15 UTC  10 P  (reason with an email)   R_cur02 03-10 14:00 -> 20:00  9 P
      R_cur03 03-15 08:30 -> 14:30       7 Pa                          R_cur04 03-20 18:45 -> 03-21 00:45  3 D
      R_cur05 03-31 20:30 -> 04-01 02:30 (the second quarter)  6 D     R_cur06 Survey Preview (status 1)  10
      R_cur07 Finished False                                    0      R_cur08 03-25 12:00 -> 18:00  8 Pa, group 3
                                                                         (promoter): a warning, the 8 is kept
SV_export2016.csv  2016 layout ({'ImportId': ...}), numeric values, no zone in the header. QID5 NPS (+ group),
    QID6_TEXT reason, QID7_1/QID7_2 matrix. R_16a01 10 P, R_16a02 9 P, R_16a03 2 D, R_16a04 7 Pa, R_16a05 status 1,
    R_16a06 finished 0, R_16a07 10 P.
SV_exportLegacy.csv  legacy layout (V1..V10, BOM), US dates M/D/YYYY H:MM and M/D/YY H:MM, EndDate as the recorded
    date. Q1 NPS (+ Q1_NPS_GROUP), Q2 reason, Q3_1/Q3_2 matrix, customer_id, LocationLatitude/Longitude/Accuracy.
    R_leg01 10 P, R_leg02 4 D, R_leg03 8 Pa, R_leg04 9 P, R_leg05 status 1, R_leg06 finished 0.
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from conftest import FIXTURES_DIR, PROJECT_DIR, SAMPLE_DIR, query, run_dbt
from cx_tools import import_qualtrics_export as importer

EXPORTS = FIXTURES_DIR / "qualtrics_exports"
CURRENT, V2016, LEGACY = "SV_exportCurrent.csv", "SV_export2016.csv", "SV_exportLegacy.csv"
SYNCED = "2026-04-05 00:00:00"
SYNCED_EPOCH = datetime(2026, 4, 5, tzinfo=timezone.utc).timestamp()
EMPTY_TABLES = {
    "question_option": ["key", "question_id", "survey_id", "recode_value", "_fivetran_deleted", "_fivetran_synced"],
    "distribution": ["id", "survey_link_survey_id", "_fivetran_synced"],
    "distribution_contact": ["distribution_id", "contact_id", "sent_at", "response_id", "_fivetran_synced"],
}
RESPONSE_HEADER = ["id", "survey_id", "recorded_date", "distribution_channel", "status", "finished",
                   "_fivetran_synced"]
ANSWER_HEADER = ["response_id", "question_id", "sub_question_key", "loop_id", "value", "text", "_fivetran_synced"]
EMBEDDED_HEADER = ["response_id", "key", "value", "_fivetran_synced"]


def copy_exports(folder: Path, *names: str) -> list[Path]:
    """The fixtures `names`, copied into `folder` with the modification time 2026-04-05 00:00:00 UTC."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for name in names:
        copy = folder / name
        shutil.copyfile(EXPORTS / name, copy)
        os.utime(copy, (SYNCED_EPOCH, SYNCED_EPOCH))
        copies.append(copy)
    return copies


def write_export(path: Path, text: str | bytes) -> Path:
    """An export written from its exact bytes, synced 2026-04-05 00:00:00 UTC."""
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    os.utime(path, (SYNCED_EPOCH, SYNCED_EPOCH))
    return path


def run_import(capsys, *args: str | Path) -> tuple[int, str, str]:
    code = importer.main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def table(folder: Path, name: str) -> list[list[str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def synced(rows: list[list[str]]) -> list[list[str]]:
    """Hand-written rows with the sync time appended."""
    return [[*row, SYNCED] for row in rows]


def test_current_export_gives_the_connector_tables(tmp_path, capsys):
    (export,) = copy_exports(tmp_path, CURRENT)
    code, _, _ = run_import(capsys, export, "--out", tmp_path / "raw")
    raw = tmp_path / "raw"
    assert code == 0
    assert table(raw, "survey") == [["id", "survey_name", "_fivetran_deleted", "_fivetran_synced"],
                                    ["SV_exportCurrent", "SV_exportCurrent", "false", SYNCED]]
    assert table(raw, "question") == [["id", "survey_id", "selector", "_fivetran_deleted", "_fivetran_synced"]] + [
        [question, "SV_exportCurrent", selector, "false", SYNCED]
        for question, selector in [("QID1", "NPS"), ("QID2", ""), ("QID3", ""), ("QID4", ""), ("QID5", "")]]
    # The header's America/Denver: MST (-7) before 2026-03-08, MDT (-6) after.
    assert table(raw, "survey_response") == [RESPONSE_HEADER] + synced([
        ["R_cur01", "SV_exportCurrent", "2026-03-02 16:15:00", "email", "0", "True"],
        ["R_cur02", "SV_exportCurrent", "2026-03-10 20:00:00", "email", "0", "True"],
        ["R_cur03", "SV_exportCurrent", "2026-03-15 14:30:00", "anonymous", "0", "True"],
        ["R_cur04", "SV_exportCurrent", "2026-03-21 00:45:00", "anonymous", "0", "True"],
        ["R_cur05", "SV_exportCurrent", "2026-04-01 02:30:00", "email", "0", "True"],
        ["R_cur06", "SV_exportCurrent", "2026-03-05 17:00:00", "preview", "1", "True"],
        ["R_cur07", "SV_exportCurrent", "2026-03-12 17:00:00", "email", "0", "False"],
        ["R_cur08", "SV_exportCurrent", "2026-03-25 18:00:00", "email", "0", "True"],
    ])
    assert table(raw, "question_response") == [ANSWER_HEADER] + synced([
        ["R_cur01", "QID1", "", "", "10", ""],
        ["R_cur01", "QID2", "", "", "", "Great support, write me at ann@example.com"],
        ["R_cur01", "QID3", "1", "", "4", ""],
        ["R_cur01", "QID3", "2", "", "5", ""],
        ["R_cur01", "QID4", "", "1", "3", ""],
        ["R_cur01", "QID4", "", "2", "1", ""],
        ["R_cur01", "QID5", "", "", "4", "Chat on the website"],  # QID5 and QID5_TEXT: one row
        ["R_cur02", "QID1", "", "", "9", ""],
        ["R_cur02", "QID3", "1", "", "5", ""],
        ["R_cur02", "QID3", "2", "", "5", ""],
        ["R_cur02", "QID5", "", "", "1", ""],
        ["R_cur03", "QID1", "", "", "7", ""],
        ["R_cur03", "QID2", "", "", "", "OK I guess"],
        ["R_cur03", "QID3", "1", "", "3", ""],
        ["R_cur03", "QID4", "", "1", "2", ""],
        ["R_cur04", "QID1", "", "", "3", ""],
        ["R_cur04", "QID2", "", "", "", "Too slow, waited 3 days"],
        ["R_cur04", "QID3", "1", "", "2", ""],
        ["R_cur04", "QID3", "2", "", "1", ""],
        ["R_cur04", "QID5", "", "", "", "Phone"],  # QID5_TEXT alone: an empty value
        ["R_cur05", "QID1", "", "", "6", ""],
        ["R_cur06", "QID1", "", "", "10", ""],
        ["R_cur07", "QID1", "", "", "0", ""],
        ["R_cur08", "QID1", "", "", "8", ""],
    ])
    assert table(raw, "survey_embedded_data") == [EMBEDDED_HEADER] + synced([
        ["R_cur01", "customer_id", "C000018"], ["R_cur02", "customer_id", "C000020"],
        ["R_cur03", "customer_id", "C000003"], ["R_cur04", "customer_id", "C000021"],
        ["R_cur05", "customer_id", "C000005"], ["R_cur07", "customer_id", "C000006"],
        ["R_cur08", "customer_id", "C000007"],
    ])
    for name, header in EMPTY_TABLES.items():
        assert table(raw, name) == [header]


def test_2016_export_with_the_timezone_option(tmp_path, capsys):
    (export,) = copy_exports(tmp_path, V2016)
    code, _, err = run_import(capsys, export, "--out", tmp_path / "raw", "--timezone", "America/New_York")
    raw = tmp_path / "raw"
    assert code == 0 and err == ""  # every NPS group agrees with its answer
    assert table(raw, "question") == [["id", "survey_id", "selector", "_fivetran_deleted", "_fivetran_synced"]] + [
        [question, "SV_export2016", selector, "false", SYNCED]
        for question, selector in [("QID5", "NPS"), ("QID6", ""), ("QID7", "")]]
    # New York: EST (-5) before 2026-03-08, EDT (-4) after; the fraction of a second is dropped.
    assert table(raw, "survey_response") == [RESPONSE_HEADER] + synced([
        ["R_16a01", "SV_export2016", "2026-03-02 00:30:00", "email", "0", "1"],  # 2026-03-01 19:30:00
        ["R_16a02", "SV_export2016", "2026-02-14 13:00:00", "email", "0", "1"],
        ["R_16a03", "SV_export2016", "2026-01-20 17:00:00", "anonymous", "0", "1"],  # 2026-01-20T12:00:00
        ["R_16a04", "SV_export2016", "2026-03-25 20:45:30", "email", "0", "1"],  # 16:45:30.250
        ["R_16a05", "SV_export2016", "2026-03-03 14:00:00", "preview", "1", "1"],
        ["R_16a06", "SV_export2016", "2026-03-04 15:00:00", "email", "0", "0"],
        ["R_16a07", "SV_export2016", "2026-03-28 13:00:00", "email", "0", "1"],
    ])
    assert table(raw, "question_response") == [ANSWER_HEADER] + synced([
        ["R_16a01", "QID5", "", "", "10", ""],
        ["R_16a01", "QID6", "", "", "", "Fast and friendly"],
        ["R_16a01", "QID7", "1", "", "5", ""],
        ["R_16a01", "QID7", "2", "", "4", ""],
        ["R_16a02", "QID5", "", "", "9", ""],
        ["R_16a02", "QID7", "1", "", "4", ""],
        ["R_16a03", "QID5", "", "", "2", ""],
        ["R_16a03", "QID6", "", "", "", "Contact me: bo@example.com, the app keeps crashing"],
        ["R_16a03", "QID7", "1", "", "1", ""],
        ["R_16a03", "QID7", "2", "", "2", ""],
        ["R_16a04", "QID5", "", "", "7", ""],
        ["R_16a05", "QID5", "", "", "10", ""],
        ["R_16a06", "QID5", "", "", "9", ""],
        ["R_16a07", "QID5", "", "", "10", ""],
    ])
    assert table(raw, "survey_embedded_data") == [EMBEDDED_HEADER] + synced([
        ["R_16a01", "customer_id", "C000024"], ["R_16a02", "customer_id", "C000027"],
        ["R_16a03", "customer_id", "C000028"], ["R_16a06", "customer_id", "C000028"],
        ["R_16a07", "customer_id", "C000011"],
    ])


def test_legacy_export_with_a_bom_and_us_dates(tmp_path, capsys):
    (export,) = copy_exports(tmp_path, LEGACY)
    assert export.read_bytes().startswith(b"\xef\xbb\xbf")
    code, _, err = run_import(capsys, export, "--out", tmp_path / "raw")
    raw = tmp_path / "raw"
    assert code == 0 and err == ""
    assert table(raw, "question") == [["id", "survey_id", "selector", "_fivetran_deleted", "_fivetran_synced"]] + [
        [question, "SV_exportLegacy", selector, "false", SYNCED]
        for question, selector in [("Q1", "NPS"), ("Q2", ""), ("Q3", "")]]
    # No zone given: UTC. EndDate is the recorded date; legacy exports have no distribution channel.
    assert table(raw, "survey_response") == [RESPONSE_HEADER] + synced([
        ["R_leg01", "SV_exportLegacy", "2026-03-03 09:05:00", "", "0", "1"],  # 3/3/2026 9:05
        ["R_leg02", "SV_exportLegacy", "2026-03-09 14:20:00", "", "0", "1"],  # 3/9/26 14:20
        ["R_leg03", "SV_exportLegacy", "2026-02-27 07:45:00", "", "0", "1"],
        ["R_leg04", "SV_exportLegacy", "2026-01-15 23:59:00", "", "0", "1"],  # 1/15/26 23:59
        ["R_leg05", "SV_exportLegacy", "2026-03-10 10:00:00", "", "1", "1"],
        ["R_leg06", "SV_exportLegacy", "2026-03-11 10:00:00", "", "0", "0"],
    ])
    assert table(raw, "question_response") == [ANSWER_HEADER] + synced([
        ["R_leg01", "Q1", "", "", "10", ""],
        ["R_leg01", "Q2", "", "", "Love it", ""],
        ["R_leg01", "Q3", "1", "", "5", ""],
        ["R_leg01", "Q3", "2", "", "5", ""],
        ["R_leg02", "Q1", "", "", "4", ""],
        ["R_leg02", "Q2", "", "", "Email me at cy@example.com, billing is confusing", ""],
        ["R_leg02", "Q3", "1", "", "2", ""],
        ["R_leg03", "Q1", "", "", "8", ""],
        ["R_leg03", "Q3", "1", "", "4", ""],
        ["R_leg03", "Q3", "2", "", "4", ""],
        ["R_leg04", "Q1", "", "", "9", ""],
        ["R_leg04", "Q2", "", "", "Quick answers", ""],
        ["R_leg05", "Q1", "", "", "0", ""],
        ["R_leg06", "Q1", "", "", "10", ""],
    ])
    # The location columns are not embedded data.
    assert table(raw, "survey_embedded_data") == [EMBEDDED_HEADER] + synced([
        ["R_leg01", "customer_id", "C000012"], ["R_leg02", "customer_id", "C000013"],
        ["R_leg03", "customer_id", "C000029"], ["R_leg04", "customer_id", "C000015"],
        ["R_leg06", "customer_id", "C000031"],
    ])


def test_several_files_are_appended_in_the_order_given(tmp_path, capsys):
    exports = copy_exports(tmp_path, LEGACY, CURRENT, V2016)
    code, out, _ = run_import(capsys, *exports, "--out", tmp_path / "raw")
    assert code == 0
    assert "3 survey(s), 21 responses" in out
    assert [row[0] for row in table(tmp_path / "raw", "survey")[1:]] == [
        "SV_exportLegacy", "SV_exportCurrent", "SV_export2016"]
    responses = table(tmp_path / "raw", "survey_response")[1:]
    assert [row[0] for row in responses] == [
        "R_leg01", "R_leg02", "R_leg03", "R_leg04", "R_leg05", "R_leg06",
        "R_cur01", "R_cur02", "R_cur03", "R_cur04", "R_cur05", "R_cur06", "R_cur07", "R_cur08",
        "R_16a01", "R_16a02", "R_16a03", "R_16a04", "R_16a05", "R_16a06", "R_16a07"]


STATUS_EXPORT = (
    "ResponseId,Status,Finished,RecordedDate,Q1\n"
    "Response ID,Response Type,Finished,Recorded Date,How likely?\n"
    '"{""ImportId"":""_recordId""}","{""ImportId"":""status""}","{""ImportId"":""finished""}",'
    '"{""ImportId"":""recordedDate""}","{""ImportId"":""QID1""}"\n'
)
STATUS_CASES = [  # label in the export -> the connector's code
    ("IP Address", "0"), ("Survey Preview", "1"), ("Survey Test", "2"), ("Imported", "4"), ("Spam", "8"),
    ("Survey Preview Spam", "9"), ("Imported Spam", "12"), ("Offline", "16"), ("Offline Survey Preview", "17"),
    ("16", "16"), ("0", "0"), ("Something new", "Something new"),
]


def test_status_labels_become_the_connectors_codes(tmp_path, capsys):
    body = "".join(f"R_{n},{label},True,2026-03-01 10:00:00,5\n" for n, (label, _) in enumerate(STATUS_CASES))
    export = write_export(tmp_path / "SV_status.csv", STATUS_EXPORT + body)
    code, _, _ = run_import(capsys, export, "--out", tmp_path / "raw")
    assert code == 0
    assert [(row[0], row[4]) for row in table(tmp_path / "raw", "survey_response")[1:]] == [
        (f"R_{n}", status) for n, (_, status) in enumerate(STATUS_CASES)]


def test_the_timezone_option_overrides_the_zone_the_export_names(tmp_path, capsys):
    (export,) = copy_exports(tmp_path, CURRENT)
    code, _, _ = run_import(capsys, export, "--out", tmp_path / "raw", "--timezone", "America/New_York")
    assert code == 0
    dates = {row[0]: row[2] for row in table(tmp_path / "raw", "survey_response")[1:]}
    # Denver's wall-clock times read as New York's: 03-02 09:15 EST (-5), 03-10 14:00 EDT (-4), 03-31 20:30 EDT.
    assert (dates["R_cur01"], dates["R_cur02"], dates["R_cur05"]) == (
        "2026-03-02 14:15:00", "2026-03-10 18:00:00", "2026-04-01 00:30:00")


@pytest.mark.parametrize(("text", "zone", "expected"), [
    ("2026-03-01 19:30:00", "America/New_York", "2026-03-02 00:30:00"),
    ("2026-03-01T19:30:00", "America/New_York", "2026-03-02 00:30:00"),
    ("2026-03-01 19:30:00.999", "America/New_York", "2026-03-02 00:30:00"),
    ("3/1/2026 19:30", "America/New_York", "2026-03-02 00:30:00"),
    ("3/1/26 19:30", "America/New_York", "2026-03-02 00:30:00"),
    ("3/1/26 7:05", "UTC", "2026-03-01 07:05:00"),
    ("7/4/2026 9:00", "Europe/Berlin", "2026-07-04 07:00:00"),  # CEST, +2
    ("2026-01-10 08:00:00", "Asia/Kolkata", "2026-01-10 02:30:00"),  # +5:30
    # Not readable: copied unchanged, for staging to record as invalid_timestamp.
    ("2026-02-30 10:00:00", "UTC", "2026-02-30 10:00:00"),
    ("soon", "UTC", "soon"),
    ("", "UTC", ""),
    ("2026-03-01 19:30:00+01:00", "America/New_York", "2026-03-01 19:30:00+01:00"),
])
def test_recorded_dates_are_converted_to_utc(text, zone, expected):
    assert importer.to_utc(text, importer.ZoneInfo(zone)) == expected


def test_an_unknown_timezone_option_is_refused(tmp_path, capsys):
    (export,) = copy_exports(tmp_path, CURRENT)
    with pytest.raises(SystemExit) as stopped:
        importer.main([str(export), "--out", str(tmp_path / "raw"), "--timezone", "Mars/Olympus"])
    assert stopped.value.code == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err
    assert not (tmp_path / "raw").exists()


def test_nps_group_is_never_an_answer_and_a_disagreement_is_a_warning(tmp_path, capsys):
    exports = copy_exports(tmp_path, CURRENT, V2016, LEGACY)
    code, _, err = run_import(capsys, *exports, "--out", tmp_path / "raw")
    assert code == 0
    answers = table(tmp_path / "raw", "question_response")[1:]
    questions = table(tmp_path / "raw", "question")[1:]
    assert not any("NPS_GROUP" in field for row in answers + questions for field in row)
    # R_cur08: one answer row, its 8 (its group column's 3, promoter, gives no row and changes nothing).
    assert [row[1:5] for row in answers if row[0] == "R_cur08"] == [["QID1", "", "", "8"]]
    warnings = err.strip().splitlines()
    assert warnings == [
        f"warning: {exports[0]}: row 12: question QID1: NPS group '3' (promoter) disagrees with the answer '8' "
        "(passive); the answer is kept"]


def test_recipient_data_never_reaches_the_tables(tmp_path, capsys):
    exports = copy_exports(tmp_path, CURRENT, V2016, LEGACY)
    assert run_import(capsys, *exports, "--out", tmp_path / "raw")[0] == 0
    fields = [field for path in sorted((tmp_path / "raw").glob("*.csv"))
              for row in table(tmp_path / "raw", path.stem) for field in row]
    assert table(tmp_path / "raw", "survey_response")[0] == RESPONSE_HEADER
    # Recipient names, emails, IP addresses, locations, external references, languages, start/end dates, progress,
    # durations, response sets: as whole fields...
    for value in ["Lee", "Ann", "Chan", "Bo", "Diaz", "Eva", "Lee, Ann", "Chan, Bo", "ann@example.com",
                  "bo@example.com", "eva@example.com", "EXT-1", "EXT-9", "EXT-20", "39.7392", "-104.9903",
                  "40.7128", "-74.0060", "52.52", "13.40", "-1", "EN", "Default Response Set", "300", "40",
                  "2026-03-02 09:10:00", "3/3/2026 9:00", "3/3/2026 9:05"]:
        assert value not in fields, value
    # ...and anywhere (the emails above appear only inside answers the respondents typed).
    for fragment in ["eva@example.com", "203.0.113.", "198.51.100.", "Diaz", "Default Response", "104.99"]:
        assert not any(fragment in field for field in fields), fragment
    assert {row[1] for row in table(tmp_path / "raw", "survey_embedded_data")[1:]} == {"customer_id"}


NOTHING_DROPPED_EXPORT = STATUS_EXPORT + (
    ",IP Address,True,2026-03-01 10:00:00,9\n"  # no response id
    "R_x2,Weird status,maybe,2026-03-01 10:00:00,7\n"
    "R_x3,IP Address,True,sometime in March,8\n"
    "\n"  # a blank line holds no row
    "R_x4,IP Address,True,2026-03-01 10:00:00,\n"
)


def test_nothing_in_a_readable_file_is_dropped(tmp_path, capsys):
    export = write_export(tmp_path / "SV_odd.csv", NOTHING_DROPPED_EXPORT)
    code, _, _ = run_import(capsys, export, "--out", tmp_path / "raw")
    assert code == 0
    assert table(tmp_path / "raw", "survey_response") == [RESPONSE_HEADER] + synced([
        ["", "SV_odd", "2026-03-01 10:00:00", "", "0", "True"],
        ["R_x2", "SV_odd", "2026-03-01 10:00:00", "", "Weird status", "maybe"],
        ["R_x3", "SV_odd", "sometime in March", "", "0", "True"],
        ["R_x4", "SV_odd", "2026-03-01 10:00:00", "", "0", "True"],
    ])
    assert table(tmp_path / "raw", "question_response") == [ANSWER_HEADER] + synced([
        ["", "QID1", "", "", "9", ""], ["R_x2", "QID1", "", "", "7", ""], ["R_x3", "QID1", "", "", "8", ""]])


def test_every_data_row_of_the_fixtures_is_a_response(tmp_path, capsys):
    exports = copy_exports(tmp_path, CURRENT, V2016, LEGACY)
    assert run_import(capsys, *exports, "--out", tmp_path / "raw")[0] == 0
    # 8 + 7 + 6 data rows (the current export's 11 records less 3 header rows, the 2016's 10 less 3, the legacy's 8
    # less 2).
    assert len(table(tmp_path / "raw", "survey_response")) - 1 == 21


def _bad(header_and_rows: str) -> str:
    return STATUS_EXPORT + header_and_rows


@pytest.mark.parametrize(("content", "row", "problem"), [
    (_bad("R_1,IP Address,True,2026-03-01 10:00:00,9\nR_2,IP Address,True,2026-03-01,9,extra\n").encode(), 5,
     "the row has 6 fields but the header (row 1) has 5"),
    (_bad("R_1,IP Address,True,2026-03-01 10:00:00,9\nR_2,IP Address\n").encode(), 5,
     "the row has 2 fields but the header (row 1) has 5"),
    (_bad('R_1,IP Address,True,2026-03-01 10:00:00,"9"x\n').encode(), 4, "broken CSV quoting"),
    (_bad('R_1,IP Address,True,2026-03-01 10:00:00,9\nR_2,"IP Address,True,2026-03-01,9\nR_3,x,y,z,1\n').encode(),
     5, "broken CSV quoting"),
    (_bad("R_1,IP Address,True,2026-03-01 10:00:00,9\nR_2,Imported,True,2026-03-01 10:00:00,9\n").encode("utf-8")
     + "R_3,Imported,True,2026-03-01 10:00:00,Très bien\n".encode("latin-1"), 6, "not UTF-8 (byte 0xe8)"),
    (b"ResponseId,Status\nResponse ID,Response Type\n", 3, "the file ends after 2 header row(s) but a current or "
     "2016 export has 3"),
    (b"V1,V7\n", 2, "the file ends after 1 header row(s) but a legacy export (first row V1, V2, ...) has 2"),
    (b"", 1, "the file is empty"),
    (b"ResponseId,Status\nResponse ID,Response Type\nR_1,IP Address\n", 3, "the third header row holds no ImportIds"),
    (b'Status,Q1\nResponse Type,How likely?\n"{""ImportId"":""status""}","{""ImportId"":""QID1""}"\n', 3,
     "no response id column"),
    (b'ResponseId,RecordedDate\nResponse ID,Recorded Date\n"{""ImportId"":""_recordId""}",'
     b'"{""ImportId"":""recordedDate"",""timeZone"":""Mars/Olympus""}"\n', 3, "unknown time zone 'Mars/Olympus'"),
])
def test_a_file_that_cannot_be_read_stops_naming_the_file_and_the_row(tmp_path, capsys, content, row, problem):
    good = copy_exports(tmp_path, CURRENT)[0]
    bad = write_export(tmp_path / "SV_bad.csv", content)
    out = tmp_path / "raw"
    out.mkdir()
    (out / "survey.csv").write_text("left alone\n", encoding="utf-8")
    code, stdout, err = run_import(capsys, good, bad, "--out", out)
    assert code == 1
    assert err.startswith(f"error: {bad}: row {row}: ")
    assert problem in err
    assert stdout == ""
    # Nothing is written, not even the rows of the good file before it.
    assert sorted(path.name for path in out.iterdir()) == ["survey.csv"]
    assert (out / "survey.csv").read_text(encoding="utf-8") == "left alone\n"


def test_the_command_line_exits_1_on_a_bad_file(tmp_path):
    bad = write_export(tmp_path / "SV_bad.csv", _bad("R_1,IP Address\n"))
    proc = subprocess.run(
        [sys.executable, "-m", "cx_tools.import_qualtrics_export", str(bad), "--out", str(tmp_path / "raw")],
        cwd=PROJECT_DIR, capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert f"{bad}: row 4: the row has 2 fields but the header (row 1) has 5" in proc.stderr
    assert not (tmp_path / "raw").exists()


def test_survey_id_option_and_its_one_file_limit(tmp_path, capsys):
    exports = copy_exports(tmp_path, CURRENT, V2016)
    code, _, _ = run_import(capsys, exports[0], "--survey-id", "SV_real123", "--out", tmp_path / "raw")
    assert code == 0
    assert table(tmp_path / "raw", "survey")[1] == ["SV_real123", "SV_exportCurrent", "false", SYNCED]
    assert {row[1] for row in table(tmp_path / "raw", "survey_response")[1:]} == {"SV_real123"}
    assert {row[1] for row in table(tmp_path / "raw", "question")[1:]} == {"SV_real123"}
    with pytest.raises(SystemExit) as stopped:
        importer.main([*map(str, exports), "--survey-id", "SV_real123", "--out", str(tmp_path / "raw2")])
    assert stopped.value.code == 2
    assert "--survey-id is allowed with one input file only" in capsys.readouterr().err


def test_reimporting_an_unchanged_file_replaces_the_tables_with_the_same_rows(tmp_path, capsys):
    exports = copy_exports(tmp_path, CURRENT, LEGACY)
    out = tmp_path / "raw"
    assert run_import(capsys, *exports, "--out", out)[0] == 0
    first = {path.name: path.read_bytes() for path in out.iterdir()}
    (out / "survey_response.csv").write_text("stale\n", encoding="utf-8")
    assert run_import(capsys, *exports, "--out", out)[0] == 0
    assert {path.name: path.read_bytes() for path in out.iterdir()} == first
    assert sorted(first) == sorted(f"{name}.csv" for name in importer.TABLES)
    assert first["survey.csv"].startswith(b"id,survey_name,_fivetran_deleted,_fivetran_synced\n")


# End to end: the three exports, imported into one folder with the sample's helpdesk files, built with
# CX_SURVEY_SOURCES=qualtrics (survey_map maps the three surveys to relational / export_current, export_2016 and
# export_legacy, naming their NPS questions QID1, QID5 and Q1). Kept responses: status 0, finished.
#   export_current  2026-Q1: R_cur01 10 P, R_cur02 9 P, R_cur03 7 Pa, R_cur04 3 D, R_cur08 8 Pa (its group says
#                   promoter; the answer counts) -> 5 responses, (2 - 1) / 5 = +20.
#                   2026-Q2: R_cur05 (03-31 20:30 Denver = 04-01 02:30 UTC) 6 D -> 1 response, -100.
#   export_2016     2026-Q1: R_16a01 10 P, R_16a02 9 P, R_16a03 2 D, R_16a04 7 Pa, R_16a07 10 P -> (3 - 1) / 5 = +40.
#   export_legacy   2026-Q1: R_leg01 10 P, R_leg02 4 D, R_leg03 8 Pa, R_leg04 9 P -> (2 - 1) / 4 = +25.
#   Rejected: R_cur06, R_16a05, R_leg05 (status 1) not_a_live_response; R_cur07, R_16a06, R_leg06 unfinished.
#   21 survey_response rows = 15 kept + 6 rejected.
EXPECTED_QUARTERS = {
    # (touchpoint, quarter start): (responses, nps_responses, promoters, passives, detractors, nps)
    ("export_current", date(2026, 1, 1)): (5, 5, 2, 2, 1, 20.0),
    ("export_current", date(2026, 4, 1)): (1, 1, 0, 0, 1, -100.0),
    ("export_2016", date(2026, 1, 1)): (5, 5, 3, 1, 1, 40.0),
    ("export_legacy", date(2026, 1, 1)): (4, 4, 2, 1, 1, 25.0),
}
EXPECTED_REJECTED = {
    ("qualtrics:R_cur06", "not_a_live_response"), ("qualtrics:R_16a05", "not_a_live_response"),
    ("qualtrics:R_leg05", "not_a_live_response"), ("qualtrics:R_cur07", "unfinished"),
    ("qualtrics:R_16a06", "unfinished"), ("qualtrics:R_leg06", "unfinished"),
}


def test_imported_exports_build_and_give_the_hand_computed_nps(tmp_path, capsys):
    raw = tmp_path / "raw"
    exports = copy_exports(tmp_path / "exports", CURRENT, V2016, LEGACY)
    assert run_import(capsys, *exports, "--out", raw)[0] == 0
    for name in ("tickets.csv", "customers.csv", "agents.csv"):
        shutil.copyfile(SAMPLE_DIR / name, raw / name)
    db = tmp_path / "warehouse" / "cx.duckdb"
    db.parent.mkdir()
    # Every model and data test (the audit's reconciliation included); the unit tests do not read the raw folder.
    run_dbt(["build", "--fail-fast", "--exclude", "test_type:unit"], raw, db,
            extra_env={"CX_SURVEY_SOURCES": "qualtrics"})

    rows = query(db, "select touchpoint, cast(period_start as date), program, responses, nps_responses, promoters, "
                     "passives, detractors, nps from marts.fct_cx_scores where period_grain = 'quarter'")
    assert {(r[0], r[1]) for r in rows} == set(EXPECTED_QUARTERS)
    for touchpoint, quarter, program, *values in rows:
        expected = EXPECTED_QUARTERS[(touchpoint, quarter)]
        assert program == "relational"
        assert tuple(values[:5]) == expected[:5], (touchpoint, quarter, values)
        assert abs(values[5] - expected[5]) < 1e-6, (touchpoint, quarter, values)

    counts = query(db, "select raw_rows, kept_rows, rejected_rows from audit.audit_row_counts "
                       "where source_table = 'qualtrics.survey_response'")
    assert counts == [(21, 15, 6)]
    assert counts[0][0] == counts[0][1] + counts[0][2]
    rejected = query(db, "select source_key, reason from audit.audit_rejected_rows "
                         "where source_table = 'qualtrics.survey_response'")
    assert set(rejected) == EXPECTED_REJECTED and len(rejected) == 6

    # The embedded customer id reaches the mart; an email typed into a reason does not.
    assert query(db, "select response_id, customer_id, reason_text from marts.fct_survey_responses "
                     "where response_id in ('qualtrics:R_cur01', 'qualtrics:R_leg02') order by 1") == [
        ("qualtrics:R_cur01", "cx:C000018", "Great support, write me at [email]"),
        ("qualtrics:R_leg02", "cx:C000013", "Email me at [email], billing is confusing"),
    ]

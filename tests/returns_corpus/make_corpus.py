"""Writes the small bad files in this folder (run once; the files are committed). The large ones —
over the size limit, over the row limit, the zip bomb — are made by fixtures in
tests/test_returns_bad_input.py, so that the repository stays small.

    .venv/bin/python tests/returns_corpus/make_corpus.py
"""

import io
import os
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEAD = "programme_ref,confidence,milestones_met,wlc_forecast,end_forecast,narrative"


def text(name: str, body: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(body.encode(encoding))


def raw(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def xlsx(rows: list[list], *, formula: bool = False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "progress"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, extra: dict[str, bytes] | None = None, content_types: bytes | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if content_types is not None and info.filename == "[Content_Types].xml":
                body = content_types
            target.writestr(info.filename, body)
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def ole(stream_names: list[str]) -> bytes:
    """A minimal OLE2 compound file header followed by directory entry names, as Office writes for
    an encrypted workbook (EncryptedPackage, EncryptionInfo) or an old .xls (Workbook)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\x00")
    entries = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in stream_names)
    return header + entries.ljust(1024, b"\x00") + os.urandom(512)


def main() -> None:
    good = "ADP,green,2,1000000,31/03/2027,On track"
    text("empty.csv", "")
    text("blank-lines-only.csv", "\n\n   \n\t\n")
    text("header-only.csv", HEAD + "\n")
    text("header-only-with-blank-rows.csv", HEAD + "\n,,,,,\n,,,,,\n")
    text("wrong-columns.csv", "name,amount,when\nThing,12,today\n")
    text("missing-required-column.csv", "programme_ref,narrative\nADP,On track\n")
    text("misspelt-column.csv", "programme_ref,confidense\nADP,green\n")
    text("duplicate-keys.csv", f"{HEAD}\n{good}\nADP,amber,1,2000000,31/03/2027,Again\n")
    text("duplicate-keys-differing-case.csv", f"{HEAD}\n{good}\nadp,amber,1,2000000,31/03/2027,Again\n")
    text("non-numeric-money.csv", f"{HEAD}\nADP,green,2,lots,31/03/2027,\n")
    text("money-with-words.csv", f"{HEAD}\nADP,green,2,about £3m,31/03/2027,\n")
    text("money-unknown-suffix.csv", f"{HEAD}\nADP,green,2,£1.2 zillion,31/03/2027,\n")
    text(
        "money-suffix-in-declared-unit.csv", "programme_ref,confidence,wlc_forecast (£m)\nADP,green,£1.2bn\n"
    )
    text("negative-money.csv", f"{HEAD}\nADP,green,2,-5000,31/03/2027,\n")
    text("negative-money-in-brackets.csv", f'{HEAD}\nADP,green,2,"(5,000)",31/03/2027,\n')
    text("negative-count.csv", f"{HEAD}\nADP,green,-1,5000,31/03/2027,\n")
    text("fractional-count.csv", f"{HEAD}\nADP,green,2.5,5000,31/03/2027,\n")
    text("impossible-date.csv", f"{HEAD}\nADP,green,2,5000,31/02/2027,\n")
    text("impossible-month.csv", f"{HEAD}\nADP,green,2,5000,01/13/2027,\n")
    text("us-style-date.csv", f"{HEAD}\nADP,green,2,5000,12/25/2027,\n")
    text("date-in-words.csv", f"{HEAD}\nADP,green,2,5000,next spring,\n")
    text("month-without-day.csv", f"{HEAD}\nADP,green,2,5000,March 2027,\n")
    text("bad-choice.csv", f"{HEAD}\nADP,purple,2,5000,31/03/2027,\n")
    text("blank-required-value.csv", f"{HEAD}\nADP,,2,5000,31/03/2027,\n")
    text("formula-dde.csv", f"{HEAD}\nADP,green,2,5000,31/03/2027,\"=cmd|' /C calc'!A0\"\n")
    text("formula-plus.csv", f"{HEAD}\nADP,green,2,5000,31/03/2027,\"+cmd|' /C calc'!A0\"\n")
    text("formula-at.csv", f"{HEAD}\nADP,green,2,5000,31/03/2027,\"@SUM(1+1)*cmd|' /C calc'!A0\"\n")
    text("formula-in-money.csv", f"{HEAD}\nADP,green,2,=1+1,31/03/2027,\n")
    text(
        "formula-hyperlink.csv",
        f'{HEAD}\nADP,green,2,5000,31/03/2027,"=HYPERLINK(""http://evil.example"",""Click"")"\n',
    )
    text("cell-over-32000-characters.csv", f"{HEAD}\nADP,green,2,5000,31/03/2027,{'x' * 32_001}\n")
    text("differing-duplicated-columns.csv", "programme_ref,confidence,confidence\nADP,green,red\n")
    text("unknown-programme.csv", f"{HEAD}\nNOPE,green,2,5000,31/03/2027,\n")
    text("not-rated-without-reason.csv", f"{HEAD}\nADP,not rated,2,5000,31/03/2027,\n")
    raw("binary-garbage.csv", bytes(range(256)) * 8)
    raw("png-named-csv.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    raw("nul-bytes.csv", (HEAD + "\nADP,green\x00,2,5000,31/03/2027,\n").encode())
    raw(
        "mixed-encodings.csv",
        (HEAD + "\nADP,green,2,5000,31/03/2027,Café réopened\n").encode("utf-8")
        + "CHILD,amber,1,5000,31/03/2027,Café closed — £2m\n".encode("cp1252"),
    )
    raw(
        "bom-then-windows-1252.csv",
        b"\xef\xbb\xbf" + (HEAD + "\nADP,green,2,5000,31/03/2027,£2m saved\n").encode("cp1252"),
    )
    header = HEAD.split(",")
    raw("header-only.xlsx", xlsx([header]))
    raw("formula.xlsx", xlsx([header, ["ADP", "green", 2, "=1000*1000", None, None]]))
    raw("formula-dde.xlsx", xlsx([header, ["ADP", "green", 2, 5000, None, "=cmd|' /C calc'!A0"]]))
    raw("macro-enabled.xlsm", xlsx([header, ["ADP", "green", 2, 5000, None, None]]))
    raw(
        "macros-inside.xlsx",
        rezip(
            xlsx([header, ["ADP", "green", 2, 5000, None, None]]), extra={"xl/vbaProject.bin": os.urandom(64)}
        ),
    )
    raw(
        "password-protected.xlsx", ole(["Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])
    )
    raw("old-excel-97.xls", ole(["Root Entry", "Workbook", "\x05SummaryInformation"]))
    raw("damaged.xlsx", b"PK\x03\x04" + os.urandom(300))
    zip_buffer = io.BytesIO()
    with zipfile.ZipFile(zip_buffer, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    raw("zip-named-xlsx.xlsx", zip_buffer.getvalue())
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    raw("opendocument.ods", ods.getvalue())
    text("csv-named-xlsx.xlsx", f"{HEAD}\n{good}\n")


if __name__ == "__main__":
    main()

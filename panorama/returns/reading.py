"""Read an uploaded file into rows of cells, safely, whatever a spreadsheet program made of it.

CSV: UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode text"), Windows-1252 or
Latin-1; comma, semicolon or tab delimited. XLSX: the first visible sheet (or a named one), cell
values only. Refused with a plain-English reason (`Unreadable`): files over the size limit, empty
files, binary files, files mixing two encodings, macro-enabled workbooks, password-protected or old
`.xls` workbooks, OpenDocument files, and archives that would unpack to more than the limit (a zip
bomb).

`read(data, filename)` returns a `Sheet`: an iterator of (spreadsheet row number, cells).
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from .converters import Formula, PercentValue

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
DELIMITERS = (",", ";", "\t", "|")


class Unreadable(Exception):
    """The whole file cannot be read; the message says why and what to do."""


@dataclass
class Sheet:
    rows: Iterator[tuple[int, list[Any]]]
    format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)  # what we noticed and did, for the preview
    sheet_name: str = ""  # the workbook's sheet read (XLSX)
    told: tuple[str, ...] = ()  # the reading settings given rather than detected ("delimiter", …)

    def reading(self, *, header_row: int | None, records: int) -> str:
        """The sentence stated first in every output: how the file was read.
        "Read as CSV, Windows-1252, separated by semicolons, header on row 1, 244 records." """
        if self.format == "csv":
            parts = [f"Read as CSV, {self.encoding}", f"separated by {_delimiter_name(self.delimiter)}"]
        else:
            parts = [f"Read as an Excel workbook, sheet '{self.sheet_name}'"]
        if header_row is not None:
            parts.append(f"header on row {header_row}")
        parts.append(f"{records:,} record{'s' if records != 1 else ''}")
        told = f" (as told: {', '.join(self.told)})" if self.told else ""
        return ", ".join(parts) + told + "."


def megabytes(size: int) -> str:
    """25000000 → '25 MB'; 52000 → '0.05 MB'."""
    value = size / 1_000_000
    text = f"{value:,.0f}" if value >= 10 else f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} MB"


def too_big(size: int) -> str:
    return (
        f"The file is {megabytes(size)}; the largest file Panorama accepts is "
        f"{megabytes(settings.PANORAMA_RETURNS_MAX_BYTES)}. Split it into smaller files."
    )


def _size_check(data: bytes) -> None:
    if len(data) > settings.PANORAMA_RETURNS_MAX_BYTES:
        raise Unreadable(too_big(len(data)))
    if not data.strip():
        raise Unreadable("The file is empty: it has no header row and no data.")


ENCODINGS = {
    "utf-8": ("utf-8", "UTF-8"),
    "utf8": ("utf-8", "UTF-8"),
    "utf-8-sig": ("utf-8-sig", "UTF-8 (with byte-order mark)"),
    "utf-16": ("utf-16", "UTF-16"),
    "windows-1252": ("cp1252", "Windows-1252"),
    "cp1252": ("cp1252", "Windows-1252"),
    "latin-1": ("latin-1", "Latin-1"),
    "latin1": ("latin-1", "Latin-1"),
    "iso-8859-1": ("latin-1", "Latin-1"),
}
DELIMITER_WORDS = {
    ",": ",", "comma": ",", ";": ";", "semicolon": ";", "\t": "\t", "\\t": "\t", "tab": "\t",
    "|": "|", "bar": "|", "pipe": "|",
}  # fmt: skip


def delimiter_from(text: str) -> str:
    """',' ';' 'tab' 'semicolon' … → the character; ValueError with the choices otherwise."""
    key = str(text).strip().lower() if str(text).strip() else str(text)
    if key.endswith("s") and key[:-1] in DELIMITER_WORDS:
        key = key[:-1]
    if key not in DELIMITER_WORDS:
        raise ValueError(f"'{text}' is not a separator Panorama reads: use comma, semicolon, tab or bar")
    return DELIMITER_WORDS[key]


def encoding_from(text: str) -> tuple[str, str]:
    """'latin-1' → ('latin-1', 'Latin-1'); ValueError with the choices otherwise."""
    key = str(text).strip().lower().replace("_", "-")
    if key not in ENCODINGS:
        raise ValueError(
            f"'{text}' is not an encoding Panorama reads: use utf-8, utf-16, windows-1252 or latin-1"
        )
    return ENCODINGS[key]


def read(
    data: bytes,
    filename: str = "",
    *,
    sheet_name: str = "",
    delimiter: str = "",
    encoding: str = "",
) -> Sheet:
    """`delimiter` and `encoding`, when given (from a mapping or the command line), are obeyed
    instead of detected."""
    _size_check(data)
    lower = filename.lower()
    if lower.endswith((".xlsm", ".xltm", ".xlam")):
        raise Unreadable(
            "Macro-enabled workbooks (.xlsm) are not accepted, because macros can run code. "
            "In Excel choose File › Save As › Excel Workbook (.xlsx) and upload that."
        )
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise Unreadable(
                "The workbook is password-protected, so Panorama cannot read it. "
                "Remove the password (File › Info › Protect Workbook) and upload it again."
            )
        raise Unreadable(
            "This is an old Excel 97–2003 (.xls) or other Office file. Save it as an Excel Workbook "
            "(.xlsx) or as CSV UTF-8 and upload that."
        )
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, sheet_name=sheet_name)
    if lower.endswith((".xlsx", ".xls", ".ods")):
        raise Unreadable(
            f"'{filename}' is named as a spreadsheet but is not one Panorama can read: it may be "
            "damaged. Open it, save it as an Excel Workbook (.xlsx) or CSV, and upload it again."
        )
    return _read_csv(data, delimiter=delimiter, encoding=encoding)


# --- CSV -----------------------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 (with byte-order mark)"
        except UnicodeDecodeError as exc:
            line = _line_of(data, exc.start + 3)
            raise Unreadable(
                f"The file mixes character encodings: it says it is UTF-8, but line {line} is not. "
                "Open it and save it again as CSV UTF-8."
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise Unreadable(
                "The file says it is UTF-16 but is damaged. Save it again as CSV UTF-8."
            ) from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        bad_line = _line_of(data, exc.start)
        good = UTF8_MULTIBYTE.search(data)
        if good is not None:
            # Valid UTF-8 letters (é, £, –) in one place and bytes that are not UTF-8 in another: two
            # files pasted together. Guessing would corrupt one half, so say so.
            raise Unreadable(
                f"The file mixes character encodings: line {_line_of(data, good.start())} is UTF-8 but "
                f"line {bad_line} is not (probably Windows-1252). Open it in a spreadsheet and save it "
                "again as CSV UTF-8."
            ) from None
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(head) // 100)


def _choose_delimiter(text: str) -> str:
    """The separator that splits the first records most consistently. Whole records, not lines:
    a quoted field may run over several lines (a comment with paragraphs), and judging line by
    line would see each of its lines as a short row and pick the wrong separator."""
    sample = text[:262144]
    best, best_score = ",", (-1.0, -1)
    for delimiter in DELIMITERS:
        widths = []
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                if any(cell.strip() for cell in record):
                    widths.append(len(record))
                if len(widths) >= 60:
                    break
        except csv.Error:
            continue
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        commonest = max(set(wide), key=wide.count)
        # The share of records of the commonest width, then the width: title rows above the
        # header count against every separator alike.
        score = (round(wide.count(commonest) / len(widths), 2), commonest)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(data: bytes, *, delimiter: str = "", encoding: str = "") -> Sheet:
    if _looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable(
            "This is not a CSV file: it contains binary data. Upload a CSV or XLSX file "
            "(in a spreadsheet, choose Save As › CSV UTF-8)."
        )
    told: list[str] = []
    if encoding:
        codec, encoding_name = encoding_from(encoding)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise Unreadable(
                f"The file is not {encoding_name} as told: line {_line_of(data, exc.start)} cannot be read "
                "in that encoding. Leave the encoding out to let Panorama detect it."
            ) from None
        text = text.lstrip("\ufeff")
        encoding = encoding_name
        told.append("encoding")
    else:
        text, encoding = _decode(data)
    if "\x00" in text:
        raise Unreadable("This is not a CSV file: it contains binary data.")
    declared = re.match(r"\A\ufeff?sep=(.)\r?\n", text)
    if declared:
        # Excel's own hint line ("sep=;"): Excel hides it and numbers the next line row 1, so it is
        # dropped and the row numbers stay those Excel shows.
        text = text[declared.end() :]
    if delimiter:
        delimiter = delimiter_from(delimiter)
        told.append("separator")
    elif declared and declared[1] in DELIMITERS:
        delimiter = declared[1]
    else:
        delimiter = _choose_delimiter(text)
    notes: list[str] = []

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Iterated straight from the C reader (no Python frame per row); a malformed row raises
    # csv.Error, which `validate` callers turn into a problem with the reader's line number.
    rows = _CsvRows(reader)
    return Sheet(
        rows=rows, format="csv", encoding=encoding, delimiter=delimiter, notes=notes, told=tuple(told)
    )


class _CsvRows:
    """(row number, cells) for each CSV record, numbered as a spreadsheet shows them."""

    def __init__(self, reader: Any):
        self.reader = reader

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        return enumerate(self.reader, start=1)

    def failure(self, exc: csv.Error) -> "Unreadable":
        return Unreadable(f"Line {self.reader.line_num} cannot be read as CSV: {exc}.")


def _delimiter_name(delimiter: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}[delimiter]


# --- XLSX ----------------------------------------------------------------------------------------


def _zip_check(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Unreadable(
            "The workbook is damaged and cannot be opened. Save it again and re-upload."
        ) from None
    names = {m.filename for m in members}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise Unreadable(
            "The workbook contains macros, which are not accepted because they can run code. "
            "Save it as an Excel Workbook (.xlsx) without macros and upload that."
        )
    if "content.xml" in names and "mimetype" in names:
        raise Unreadable("OpenDocument spreadsheets (.ods) are not accepted. Save it as .xlsx or CSV.")
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise Unreadable("This zip file is not an Excel workbook. Upload a .xlsx or .csv file.")
    limit = settings.PANORAMA_RETURNS_MAX_UNPACKED_BYTES
    total = sum(m.file_size for m in members)
    if len(members) > 10_000 or total > limit:
        raise Unreadable(
            f"The workbook would unpack to {megabytes(total)}, more than the "
            f"{megabytes(limit)} Panorama accepts. Is it a real return? Save the data as CSV."
        )
    for member in members:
        if (
            member.compress_size
            and member.file_size / member.compress_size > 1000
            and member.file_size > 10_000_000
        ):
            raise Unreadable(
                "The workbook is compressed suspiciously hard (a 'zip bomb') and has not been opened. "
                "Save the data as CSV and upload that."
            )
    _shared_strings_check(archive, members)
    try:
        content_types = archive.read("[Content_Types].xml")
    except KeyError:  # pragma: no cover - checked above
        content_types = b""
    if b"macroEnabled" in content_types:
        raise Unreadable(
            "Macro-enabled workbooks (.xlsm) are not accepted, because macros can run code. "
            "Save it as an Excel Workbook (.xlsx) and upload that."
        )
    return archive


_STRING_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_DECLARED_UNIQUE = re.compile(rb"uniqueCount\s*=\s*[\"'](\d+)")


def _shared_strings_check(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """openpyxl loads a workbook's shared strings whole, even read-only: 13 million tiny strings
    in a 13 MB file held a worker for minutes and more than a gigabyte. Bound the part's unpacked
    size, then count its strings as it streams, stopping at the limit, before openpyxl sees it."""
    most_bytes = settings.PANORAMA_RETURNS_MAX_SHARED_STRINGS_BYTES
    most = settings.PANORAMA_RETURNS_MAX_SHARED_STRINGS
    refusal = (
        "The workbook holds {what}, more than the {limit} Panorama reads from one workbook, and has not "
        "been opened. Is it a real return? Save the data as CSV and upload that."
    )
    for member in members:
        if not member.filename.lower().endswith("sharedstrings.xml"):
            continue
        if member.file_size > most_bytes:
            raise Unreadable(
                refusal.format(
                    what=f"{megabytes(member.file_size)} of text", limit=f"{megabytes(most_bytes)} of text"
                )
            )
        count, tail, head = 0, b"", True
        with archive.open(member) as part:
            while chunk := part.read(1 << 20):
                window = tail + chunk
                if head:
                    declared = _DECLARED_UNIQUE.search(window[:4096])
                    if declared and int(declared.group(1)) > most:
                        count = int(declared.group(1))
                    head = False
                count += len(_STRING_ITEM.findall(window)) - len(_STRING_ITEM.findall(tail))
                if count > most:
                    raise Unreadable(
                        refusal.format(what=f"more than {most:,} different texts", limit=f"{most:,}")
                    )
                tail = window[-16:]


def sheet_names(data: bytes) -> list[str]:
    """A workbook's sheet names, to check a sheet someone names before the file is read; Unreadable
    when it is not a workbook Panorama opens (the reading then says why)."""
    _size_check(data)
    _zip_check(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise Unreadable("The workbook cannot be opened. Save it again as .xlsx or CSV.") from None
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def _read_xlsx(data: bytes, *, sheet_name: str = "") -> Sheet:
    _zip_check(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise Unreadable(
            f"The workbook cannot be opened ({exc.__class__.__name__}). Save it again as .xlsx or CSV."
        ) from None
    if sheet_name:
        if sheet_name not in workbook.sheetnames:
            raise Unreadable(
                f"The workbook has no sheet called '{sheet_name}'. Its sheets are: "
                + ", ".join(workbook.sheetnames)
            )
        sheet = workbook[sheet_name]
    else:
        visible = [ws for ws in workbook.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        # A Panorama template's first sheet is the return; "Guidance" and lists come after it.
        data_sheets = [ws for ws in visible if ws.title.lower() not in {"guidance", "lists", "choices"}]
        if not data_sheets:
            raise Unreadable("The workbook has no visible sheet with data.")
        sheet = data_sheets[0]
    notes: list[str] = []
    # Some programs write a wrong size into the sheet; read what is there instead.
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                values: list[Any] = []
                for cell in cells:
                    value = getattr(cell, "value", None)
                    if value is None:
                        values.append("")
                        continue
                    kind = getattr(cell, "data_type", "")
                    if kind == "f" or (isinstance(value, str) and value.startswith("=") and kind != "s"):
                        values.append(Formula(str(value)))
                    elif isinstance(value, float | int) and not isinstance(value, bool):
                        fmt = getattr(cell, "number_format", "") or ""
                        values.append(PercentValue(value) if "%" in fmt else value)
                    else:
                        values.append(value)
                yield number, values
        except Unreadable:
            raise
        except Exception as exc:
            raise Unreadable(
                f"The workbook is damaged and cannot be read ({exc.__class__.__name__})."
            ) from None
        finally:
            workbook.close()

    return Sheet(
        rows=rows(), format="xlsx", notes=notes, sheet_name=sheet.title, told=("sheet",) if sheet_name else ()
    )

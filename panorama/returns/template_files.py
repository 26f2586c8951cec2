"""From one return kind, the three things a body downloads before sending it: an XLSX template
(drop-downs and input rules for coded fields, a guidance sheet with an example row), a CSV
template, and a Frictionless Table Schema to check a file before sending it."""

import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from panorama.core.exports import csv_text, xlsx_value

from .converters import Invalid, as_text, converter_for
from .kinds import Column, ReturnKind

TEMPLATE_ROWS = 1000  # rows of the data sheet that carry drop-downs and input rules
TYPE_WORDS = {
    "text": "Text",
    "integer": "Whole number",
    "decimal": "Number",
    "money": "Amount in pounds",
    "date": "Date (day/month/year)",
    "choice": "One of a list",
    "boolean": "yes or no",
    "percent": "Percentage (0 to 100)",
}


def type_words(column: Column, *, allow_negative_money: bool = False) -> str:
    words = TYPE_WORDS[column.type]
    if column.type == "money" and column.minimum is None and not allow_negative_money:
        words += ", not negative"
    if column.max_length:
        words += f", at most {column.max_length:,} characters"
    if column.minimum is not None and column.type != "money":
        words += f", at least {column.minimum}"
    if column.maximum is not None:
        words += f", at most {column.maximum}"
    return words


def template_filename(kind: ReturnKind, extension: str) -> str:
    return f"panorama-{kind.slug}-template.{extension}"


# --- CSV -----------------------------------------------------------------------------------------


def csv_template(kind: ReturnKind) -> str:
    """The header row, in the order the template uses (UTF-8; Excel-friendly with a BOM when served)."""
    return csv_text([c.name for c in kind.columns])


# --- Frictionless Table Schema -------------------------------------------------------------------

SCHEMA_TYPES = {
    "text": "string",
    "integer": "integer",
    "decimal": "number",
    "money": "number",
    "date": "date",
    "choice": "string",
    "boolean": "boolean",
    "percent": "number",
}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def table_schema(kind: ReturnKind) -> dict[str, Any]:
    """A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) for the
    template's strict form: ISO dates, plain numbers, coded values."""
    fields = []
    for column in kind.columns:
        entry: dict[str, Any] = {
            "name": column.name,
            "title": column.label,
            "type": SCHEMA_TYPES[column.type],
        }
        description = column.help or ""
        if column.type == "money":
            description = (
                description + " " if description else ""
            ) + "In pounds, digits only (e.g. 1250000)."
        if description:
            entry["description"] = description
        if column.example:
            # The schema describes the strict form, so its example is written that way too.
            try:
                example = converter_for(column, allow_negative_money=kind.allow_negative_money)(
                    column.example
                )
            except Invalid:
                example = None
            if example is not None:
                entry["example"] = as_text(example)
        if column.type == "boolean":
            entry["trueValues"] = ["yes", "Yes", "YES", "true", "TRUE", "1"]
            entry["falseValues"] = ["no", "No", "NO", "false", "FALSE", "0"]
        constraints: dict[str, Any] = {}
        if column.required:
            constraints["required"] = True
        if column.choices:
            constraints["enum"] = list(column.choices)
        if column.max_length:
            constraints["maxLength"] = column.max_length
        minimum = column.minimum
        if minimum is None and column.type == "money" and not kind.allow_negative_money:
            minimum = Decimal(0)
        if minimum is not None:
            constraints["minimum"] = _number(minimum)
        if column.maximum is not None:
            constraints["maximum"] = _number(column.maximum)
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema: dict[str, Any] = {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": kind.slug,
        "title": kind.label,
        "description": kind.description,
        "fields": fields,
        "missingValues": [""],
    }
    if kind.key:
        schema["primaryKey"] = list(kind.key)
    return schema


def schema_json(kind: ReturnKind) -> str:
    return json.dumps(table_schema(kind), indent=2, ensure_ascii=False) + "\n"


# --- XLSX ----------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="0065BD")  # the design system's blue
REQUIRED_FILL = PatternFill("solid", fgColor="002D54")
WHITE_BOLD = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _validation_for(column: Column, kind: ReturnKind, lists_ref: str | None) -> DataValidation | None:
    prompt = (column.help or column.label)[:255]
    common = {
        "showErrorMessage": True,
        "showInputMessage": True,
        "promptTitle": column.label[:32],
        "prompt": prompt,
        "errorTitle": column.label[:32],
        "allow_blank": True,
    }
    if column.type == "choice" and lists_ref:
        return DataValidation(
            type="list",
            formula1=lists_ref,
            error=f"Choose one of: {', '.join(column.choices)}"[:255],
            **common,
        )
    if column.type == "boolean":
        return DataValidation(type="list", formula1='"yes,no"', error="Choose yes or no.", **common)
    if column.type in {"integer", "decimal", "money", "percent"}:
        minimum = column.minimum
        if minimum is None and column.type == "money" and not kind.allow_negative_money:
            minimum = Decimal(0)
        if column.type == "percent" and minimum is None:
            minimum = Decimal(0)
        maximum = (
            column.maximum
            if column.maximum is not None
            else (Decimal(100) if column.type == "percent" else None)
        )
        kind_word = "whole" if column.type == "integer" else "decimal"
        if minimum is not None and maximum is not None:
            return DataValidation(
                type=kind_word,
                operator="between",
                formula1=str(minimum),
                formula2=str(maximum),
                error=f"Enter a number from {minimum} to {maximum}.",
                **common,
            )
        if minimum is not None:
            return DataValidation(
                type=kind_word,
                operator="greaterThanOrEqual",
                formula1=str(minimum),
                error=f"Enter a number, at least {minimum}"
                + (" (amounts in pounds, digits only)." if column.type == "money" else "."),
                **common,
            )
        return DataValidation(type=kind_word, error="Enter a number.", **common)
    if column.type == "date":
        return DataValidation(
            type="date",
            operator="greaterThan",
            formula1="1",
            error="Enter a date, e.g. 31/03/2025.",
            **common,
        )
    if column.max_length:
        return DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(column.max_length),
            error=f"At most {column.max_length} characters.",
            **common,
        )
    return None


def xlsx_template(kind: ReturnKind, *, for_whom: str = "", rows: Sequence[dict[str, Any]] = ()) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = kind.slug[:31]
    lists = workbook.create_sheet("Lists")
    guidance = workbook.create_sheet("Guidance")

    list_column = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.name)
        cell.font = WHITE_BOLD
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(vertical="top")
        cell.comment = Comment(
            f"{column.label}{' (required)' if column.required else ''}. "
            f"{type_words(column, allow_negative_money=kind.allow_negative_money)}. {column.help}".strip(),
            "Panorama",
        )
        data.column_dimensions[letter].width = max(14, min(40, len(column.name) + 4))
        lists_ref = None
        if column.type == "choice" and column.choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.name).font = BOLD
            for offset, choice in enumerate(column.choices, start=2):
                lists.cell(row=offset, column=list_column, value=xlsx_value(choice))
            lists_ref = f"Lists!${list_letter}$2:${list_letter}${len(column.choices) + 1}"
        validation = _validation_for(column, kind, lists_ref)
        if validation is not None:
            data.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        if column.type == "date":
            for row in range(2, 52):
                data.cell(row=row, column=index).number_format = "dd/mm/yyyy"
        elif column.type == "money":
            for row in range(2, 52):
                data.cell(row=row, column=index).number_format = "#,##0.00"
    for number, row in enumerate(rows, start=2):  # a body's own template: its rows filled in
        for index, column in enumerate(kind.columns, start=1):
            value = row.get(column.name)
            if value not in (None, ""):
                data.cell(row=number, column=index, value=xlsx_value(value))
    data.freeze_panes = "A2"
    lists.sheet_state = "hidden"

    guidance["A1"] = xlsx_value(kind.label)
    guidance["A1"].font = TITLE
    guidance["A2"] = xlsx_value(kind.description)
    guidance["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    line = 3
    if for_whom:
        guidance.cell(row=line, column=1, value=xlsx_value(for_whom)).font = BOLD
        line += 1
    notes = [
        f"Fill in the '{data.title}' sheet: one row per {('/'.join(kind.key) or 'item')}, under the header row. "
        "Keep the header row as it is.",
        "Dark blue headings are required. Amounts are in pounds, digits only (1250000), unless you declare "
        "a unit in the heading, e.g. 'wlc_forecast (£m)'. Dates are day/month/year.",
        "Type values rather than formulas: cells holding formulas are refused.",
        "Upload the file to Panorama: it checks every row, lists every problem at once, and saves nothing "
        "until everything is right. You will see what will be created or changed before you confirm.",
    ]
    for note in notes:
        line += 1
        guidance.cell(row=line, column=1, value=note).alignment = Alignment(wrap_text=True)
    line += 2
    for index, heading in enumerate(
        ["Column", "Meaning", "Required", "Type", "Allowed values", "Guidance", "Example"], 1
    ):
        guidance.cell(row=line, column=index, value=heading).font = BOLD
    for column in kind.columns:
        line += 1
        values = [
            column.name,
            column.label,
            "Required" if column.required else "Optional",
            type_words(column, allow_negative_money=kind.allow_negative_money),
            ", ".join(column.choices),
            column.help,
            column.example,
        ]
        for index, value in enumerate(values, 1):
            guidance.cell(row=line, column=index, value=xlsx_value(value)).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    line += 2
    guidance.cell(row=line, column=1, value="An example row").font = BOLD
    line += 1
    for index, column in enumerate(kind.columns, 1):
        guidance.cell(row=line, column=index, value=column.name).font = BOLD
        guidance.cell(row=line + 1, column=index, value=xlsx_value(column.example))
    for letter, width in zip("ABCDEFG", (24, 30, 11, 28, 30, 50, 24), strict=True):
        guidance.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

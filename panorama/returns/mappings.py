"""Mappings: how to read a file laid out some other way (a department's own spreadsheet, a
published dataset) as a return of one kind. The format is documented in docs/mappings.md.

A mapping is JSON or TOML:

    kind = "programmes"
    name = "Government of Canada IT projects"
    date_format = "%B %d, %Y"          # optional: tried first for every date field
    unit = "pounds"                    # optional: money unit for every money field (pounds, k, m, bn)
    [fields]
    reference = "uniqueId"             # shorthand for { column = "uniqueId" }
    title = { column = "latestProjectName" }
    confidence = { value = "not-rated" }                     # a fixed value for every row
    phase = { column = "estimatedStatus", values = { "completed" = "live" }, otherwise = "" }
    [options]                          # passed to the return kind (see its documentation)
    create_missing_organisations = true
"""

import json
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .converters import unit_multiplier
from .kinds import ReturnKind
from .reading import delimiter_from, encoding_from


class MappingError(ValueError):
    """The mapping itself is wrong; `problems` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class FieldMapping:
    column: str = ""  # the source column's header, as it appears in the file
    value: str | None = None  # a fixed value for every row (instead of a column)
    values: dict[str, str] = field(default_factory=dict)  # source value → return value
    otherwise: str | None = None  # for source values not in `values` (None: keep them as they are)
    default: str | None = None  # for blank cells
    date_format: str = ""
    unit: str = ""
    # What to do with a value the field cannot take ("" refuses it, as usual; "blank" leaves the
    # field blank and lists the value among the warnings). `non_numeric` is the same for amounts
    # and numbers, named as people say it.
    invalid: str = ""

    def translate(self, raw: Any) -> Any:
        if self.value is not None:
            return self.value
        text = raw.strip() if isinstance(raw, str) else raw
        if text in ("", None):
            return self.default if self.default is not None else ""
        if self.values:
            if text in self.values:
                return self.values[text]
            lowered = str(text).lower()
            for source, target in self._lowered.items():
                if source == lowered:
                    return target
            if self.otherwise is not None:
                return self.otherwise
        return raw

    @property
    def _lowered(self) -> dict[str, str]:
        cached = self.__dict__.get("_lowered_cache")
        if cached is None:
            cached = {str(k).strip().lower(): v for k, v in self.values.items()}
            self.__dict__["_lowered_cache"] = cached
        return cached

    @property
    def needs_translation(self) -> bool:
        return self.value is not None or bool(self.values) or self.default is not None


@dataclass
class Mapping:
    kind: str
    fields: dict[str, FieldMapping]
    name: str = ""
    description: str = ""
    date_format: str = ""
    unit: str = ""
    sheet: str = ""
    delimiter: str = ""
    encoding: str = ""
    header_row: int | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def date_formats(self, column: str) -> tuple[str, ...]:
        spec = self.fields.get(column)
        own = spec.date_format if spec else ""
        return tuple(f for f in (own, self.date_format) if f)

    def unit_for(self, column: str) -> Decimal | None:
        spec = self.fields.get(column)
        unit = (spec.unit if spec else "") or self.unit
        return unit_multiplier(unit) if unit else None

    def as_dict(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for name, spec in self.fields.items():
            entry: dict[str, Any] = {}
            for attr in (
                "column",
                "value",
                "values",
                "otherwise",
                "default",
                "date_format",
                "unit",
                "invalid",
            ):
                value = getattr(spec, attr)
                if value not in ("", None, {}):
                    entry[attr] = value
            fields[name] = entry
        data: dict[str, Any] = {"kind": self.kind}
        for attr in (
            "name",
            "description",
            "date_format",
            "unit",
            "sheet",
            "delimiter",
            "encoding",
            "header_row",
        ):
            if getattr(self, attr):
                data[attr] = getattr(self, attr)
        if self.options:
            data["options"] = self.options
        data["fields"] = fields
        return data


FIELD_KEYS = {
    "column",
    "value",
    "values",
    "otherwise",
    "default",
    "date_format",
    "unit",
    "invalid",
    "non_numeric",
}
TOP_KEYS = {
    "kind", "name", "description", "date_format", "unit", "sheet", "delimiter", "encoding", "header_row",
    "options", "fields",
}  # fmt: skip
POLICIES = ("blank", "refuse")


def mapping_from_dict(data: dict[str, Any], *, kind: ReturnKind | None = None) -> Mapping:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise MappingError(["A mapping is an object with 'kind' and 'fields'."])
    for key in sorted(set(data) - TOP_KEYS):
        problems.append(f"'{key}' is not a mapping setting (they are: {', '.join(sorted(TOP_KEYS))}).")
    kind_slug = str(data.get("kind") or (kind.slug if kind else ""))
    if kind is not None and data.get("kind") and data["kind"] != kind.slug:
        problems.append(f"The mapping is for '{data['kind']}' returns, not '{kind.slug}'.")
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, dict) or not raw_fields:
        problems.append("The mapping has no 'fields': name, for each field, its source column or a value.")
        raw_fields = {}
    columns = {c.name for c in kind.columns} if kind else None
    fields: dict[str, FieldMapping] = {}
    for name, spec in raw_fields.items():
        if columns is not None and name not in columns:
            problems.append(
                f"Field '{name}' is not a column of the {kind.label.lower()}; "  # type: ignore[union-attr]
                f"the columns are: {', '.join(c.name for c in kind.columns)}."  # type: ignore[union-attr]
            )
            continue
        if isinstance(spec, str):
            spec = {"column": spec}
        if not isinstance(spec, dict):
            problems.append(f"Field '{name}' must name a column, or be a table of settings.")
            continue
        for key in sorted(set(spec) - FIELD_KEYS):
            problems.append(
                f"Field '{name}': '{key}' is not a field setting ({', '.join(sorted(FIELD_KEYS))})."
            )
        if not spec.get("column") and "value" not in spec:
            problems.append(f"Field '{name}' needs a 'column' or a fixed 'value'.")
        values = spec.get("values") or {}
        if not isinstance(values, dict):
            problems.append(f"Field '{name}': 'values' must be a table of source value = return value.")
            values = {}
        for attr in ("unit",):
            if spec.get(attr):
                try:
                    unit_multiplier(spec[attr])
                except ValueError as exc:
                    problems.append(f"Field '{name}': {exc}.")
        policy = str(spec.get("invalid") or spec.get("non_numeric") or "")
        if policy and policy not in POLICIES:
            which = "invalid" if spec.get("invalid") else "non_numeric"
            problems.append(
                f"Field '{name}': {which} = '{policy}' is not a policy; use \"blank\" (leave such values "
                'blank and list them) or "refuse" (the default).'
            )
        fields[name] = FieldMapping(
            invalid="blank" if policy == "blank" else "",
            column=str(spec.get("column") or ""),
            value=None if spec.get("value") is None else str(spec["value"]),
            values={str(k): "" if v is None else str(v) for k, v in values.items()},
            otherwise=None if spec.get("otherwise") is None else str(spec["otherwise"]),
            default=None if spec.get("default") is None else str(spec["default"]),
            date_format=str(spec.get("date_format") or ""),
            unit=str(spec.get("unit") or ""),
        )
    if kind is not None:
        for column in kind.columns:
            if column.required and column.name not in fields:
                problems.append(
                    f"The mapping does not say where '{column.name}' ({column.label}) comes from."
                )
    if data.get("unit"):
        try:
            unit_multiplier(str(data["unit"]))
        except ValueError as exc:
            problems.append(f"{exc}.")
    for setting, check in (("delimiter", delimiter_from), ("encoding", encoding_from)):
        if data.get(setting):
            try:
                check(str(data[setting]))
            except ValueError as exc:
                problems.append(f"{exc}.")
    header_row = data.get("header_row")
    if header_row is not None and (
        isinstance(header_row, bool) or not isinstance(header_row, int) or header_row < 1
    ):
        problems.append(
            f"header_row = {header_row!r}: give the spreadsheet row number of the headings, e.g. 1."
        )
        header_row = None
    options = data.get("options") or {}
    if not isinstance(options, dict):
        problems.append("'options' must be a table.")
        options = {}
    if problems:
        raise MappingError(problems)
    return Mapping(
        kind=kind_slug,
        fields=fields,
        name=str(data.get("name") or ""),
        description=str(data.get("description") or ""),
        date_format=str(data.get("date_format") or ""),
        unit=str(data.get("unit") or ""),
        sheet=str(data.get("sheet") or ""),
        delimiter=str(data.get("delimiter") or ""),
        encoding=str(data.get("encoding") or ""),
        header_row=header_row,
        options=options,
    )


def mapping_parse(text: str, *, kind: ReturnKind | None = None, filename: str = "") -> Mapping:
    """Read a mapping written as JSON or TOML (by file name, else by trying JSON first)."""
    stripped = text.lstrip("\ufeff").strip()
    try:
        if filename.lower().endswith(".toml") or not stripped.startswith("{"):
            data = tomllib.loads(stripped)
        else:
            data = json.loads(stripped)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError([f"The mapping is not valid JSON or TOML: {exc}."]) from None
    return mapping_from_dict(data, kind=kind)


def mapping_load(path: str | Path, *, kind: ReturnKind | None = None) -> Mapping:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingError([f"Cannot read the mapping {path}: {exc.strerror}."]) from None
    except UnicodeDecodeError:
        raise MappingError([f"The mapping {path} is not UTF-8 text."]) from None
    return mapping_parse(text, kind=kind, filename=path.name)

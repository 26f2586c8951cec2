"""A report's snapshot as HTML (rendered once, kept) and as a PDF (WeasyPrint, from the same HTML)."""

import hashlib
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from panorama.core.charts import Chart, bar_chart, line_chart

from .content import SECTIONS
from .models import Kind, Report

PDF_CSS = Path(__file__).resolve().parent / "pdf.css"
CONFIDENCE_SCORE = {"Red": 1, "Amber/Red": 2, "Amber": 3, "Amber/Green": 4, "Green": 5}


def _number(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _charts(report: Report, figures: dict[str, Any], content: dict[str, Any]) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    if report.kind == Kind.NATIONAL:
        money = [
            (figures[k]["label"], _number(figures[k]["value"]))
            for k in (
                "investment.run_spend",
                "investment.change_spend",
                "investment.funding_required",
                "investment.funding_secured",
                "investment.funding_gap",
            )
            if k in figures and _number(figures[k]["value"]) is not None
        ]
        if money:
            charts["investment"] = bar_chart(f"Spend and funding, {report.period} (£)", money)
        programmes = [
            (f"{figures[k]['label']}, {content['previous_period']}", _number(figures[k]["previous_value"]))
            for k in ("programmes.active", "programmes.off_track")
            if k in figures and _number(figures[k].get("previous_value")) is not None
        ]
        programmes += [
            (f"{figures[k]['label']}, {report.period}", _number(figures[k]["value"]))
            for k in ("programmes.active", "programmes.off_track")
            if k in figures and _number(figures[k]["value"]) is not None
        ]
        if programmes:
            charts["programmes"] = bar_chart(
                "Programmes active and off track, this quarter and last", programmes
            )
    elif report.kind == Kind.PROGRAMME and content["history"]:
        history = content["history"]
        chart = line_chart(
            "Delivery confidence by quarter (1 red to 5 green)",
            [h["period"] for h in history],
            {"Confidence": [CONFIDENCE_SCORE.get(h["confidence"]) for h in history]},
        )
        for row, h in zip(chart.rows, history, strict=True):
            row[1] = f"{h['confidence']} ({CONFIDENCE_SCORE.get(h['confidence'], '—')})"
        charts["confidence"] = chart
    for chart in charts.values():
        for row in chart.rows:
            row[1:] = [_shown(cell) for cell in row[1:]]
    return charts


def _shown(cell: Any) -> Any:
    if isinstance(cell, Decimal):
        return f"{cell:,.2f}" if cell != cell.to_integral_value() else f"{cell:,.0f}"
    return cell


def sections(report: Report, figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The national report's numbered sections, each with the figures of its area that it shows."""
    found = []
    for area, title, lead in SECTIONS:
        shown = [f for f in figures.values() if f.get("area") == area]
        found.append({"id": f"section-{area}", "area": area, "title": title, "lead": lead, "figures": shown})
    known = {area for area, _, _ in SECTIONS}
    others = [f for f in figures.values() if f.get("area") not in known]
    if others:
        found.append(
            {"id": "section-other", "area": "other", "title": "Other figures", "lead": "", "figures": others}
        )
    for number, section in enumerate(found, start=1):
        section["number"] = number
    return found


def html(report: Report, *, snapshot: dict[str, Any], prepared_on: str) -> str:
    """The report's content (cover, contents, numbered sections, annex) as an HTML fragment; the
    web page places it in the site's layout and the PDF in a print document."""
    figures, content = snapshot["figures"], snapshot["content"]
    context = {
        "report": report,
        "figures": figures,
        "content": content,
        "charts": _charts(report, figures, content),
        "sections": sections(report, figures) if report.kind == Kind.NATIONAL else [],
        "annex": sorted(figures.values(), key=lambda f: f["label"]),
        "prepared_on": prepared_on,
    }
    return render_to_string(f"reports/document/{report.kind}.html", context)


@dataclass
class Rendered:
    content: bytes
    pages: int
    seconds: float

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def document(report: Report, *, fragment: str):
    """The laid-out PDF document (WeasyPrint's): its pages can be counted and read."""
    import weasyprint  # imported here: only rendering needs Pango

    document_html = render_to_string("reports/pdf.html", {"report": report, "fragment": fragment})
    return weasyprint.HTML(string=document_html, base_url=str(PDF_CSS.parent)).render(
        stylesheets=[weasyprint.CSS(filename=str(PDF_CSS))], pdf_tags=True
    )


def page_texts(laid_out) -> list[str]:
    """The text of each page of a laid-out document, as it is drawn there."""
    texts = []
    for page in laid_out.pages:
        words = [box.text for box in page._page_box.descendants() if hasattr(box, "text") and box.text]
        texts.append(" ".join(words))
    return texts


def pdf(report: Report, *, fragment: str) -> Rendered:
    started = time.perf_counter()
    laid_out = document(report, fragment=fragment)
    content = laid_out.write_pdf(pdf_tags=True)
    return Rendered(content=content, pages=len(laid_out.pages), seconds=time.perf_counter() - started)


def standalone(report: Report, *, fragment: str) -> str:
    """The report as one HTML file with its print styles inside, for the CLI."""
    return render_to_string(
        "reports/pdf.html", {"report": report, "fragment": fragment, "inline_css": PDF_CSS.read_text()}
    )

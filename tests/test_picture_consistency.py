"""One figure, one value: crawl every page that shows a catalogue figure, for an analyst, a body
editor and an anonymous reader, and fail where the same figure for the same period and reach reads
two ways, or where a figure and the records behind it (the list page, its CSV, the API's list)
disagree.

The pages are found, not listed: the picture, the glossary, a page per figure, every records list a
figure links to, then every page reachable from the main navigation (two links deep, at most two
pages of each kind), keeping those that show a `data-figure`.
"""

import csv
import io
import time
from collections import defaultdict
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from panorama.core import catalogue
from panorama.core.catalogue import Unit

# Where a money or FTE figure's total is read in its list: (CSV column, API field, tfoot column).
TOTALS = {
    "investment.run_spend": ("run", "run", 0),
    "investment.change_spend": ("change", "change", 1),
    "investment.funding_required": ("required", "required", 2),
    "investment.funding_secured": ("secured", "secured", 3),
    "investment.funding_gap": ("gap", None, 4),
    "investment.legacy_exposure": ("annual_run_cost", "annual_run_cost", 0),
    "skills.vacancies": ("vacancies_fte", "vacancies", 0),
}
DEPTH = 2
PER_KIND = 2
SKIP_PREFIXES = ("/api/", "/static/", "/media/", "/admin/", "/accounts/", "/sign-", "/healthz")
SKIP_WORDS = ("edit", "new", "delete", "add", "remove", "restore", "upload", "export", "download")


class Page(HTMLParser):
    """What a page says: its figures, its list count, its links, its navigation and totals row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: list[dict] = []
        self.list_count: int | None = None
        self.links: list[str] = []
        self.nav: list[str] = []
        self.totals: list[str] = []
        self._in_nav = 0
        self._in_tfoot = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "data-figure" in a:
            self.figures.append(a)
        if "data-list-count" in a:
            self.list_count = int(a["data-list-count"])
        if tag == "nav" and a.get("aria-label") == "Main navigation":
            self._in_nav = 1
        if tag == "a" and a.get("href"):
            (self.nav if self._in_nav else self.links).append(a["href"])
        if tag == "tfoot":
            self._in_tfoot = True
        if self._in_tfoot and tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_nav = 0
        if tag == "tfoot":
            self._in_tfoot = False
        if tag == "td" and self._cell is not None:
            self.totals.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def value_of(raw) -> Decimal | None:
    return None if raw in (None, "") else Decimal(str(raw))


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def kind_of(url: str) -> str | None:
    path = urlsplit(url).path
    if path.startswith(SKIP_PREFIXES) or any(w in path.strip("/").split("/") for w in SKIP_WORDS):
        return None
    if "format=" in url:
        return None
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


class Crawl:
    def __init__(self, client) -> None:
        self.client = client
        self.pages: dict[str, Page] = {}
        self.statuses: dict[str, int] = {}
        self.shown: dict[tuple, dict] = defaultdict(lambda: defaultdict(list))
        self.kinds: dict[str, int] = defaultdict(int)

    def visit(self, url: str) -> Page | None:
        url = local(url)
        if url in self.statuses:
            return self.pages.get(url)
        response = self.client.get(url)
        self.statuses[url] = response.status_code
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return None
        page = Page()
        page.feed(response.content.decode())
        self.pages[url] = page
        for f in page.figures:
            # A body's page shows the body's own value of a figure: its reach is that body.
            reach = f"body {f['data-body']}" if f.get("data-body") else f.get("data-reach", "")
            found = (f["data-figure"], f.get("data-period", ""), reach)
            self.shown[found][value_of(f.get("data-value"))].append(url)
        return page

    def discover(self, start: list[str]) -> None:
        """Breadth first from `start`, at most PER_KIND pages of each kind (view) per depth."""
        frontier = start
        for _ in range(DEPTH + 1):
            following = []
            for url in frontier:
                page = self.visit(url)
                if page is None:
                    continue
                for link in page.links:
                    if link.startswith(("http", "#", "mailto:")):
                        continue
                    kind = kind_of(link)
                    link = local(link)
                    if kind is None or link in self.statuses or link in following:
                        continue
                    if self.kinds[kind] >= PER_KIND:
                        continue
                    self.kinds[kind] += 1
                    following.append(link)
            frontier = following


def csv_rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def all_records(client, url: str) -> tuple[int, list[dict]]:
    data = client.get(f"{url}&page_size=500").json()
    results = list(data["results"])
    while data.get("next"):
        data = client.get(data["next"]).json()
        results += data["results"]
    return data["count"], results


def check_picture(client, person) -> tuple[list[str], Crawl]:
    """Everything that disagrees on the pages and in the API this person sees, as sentences."""
    if person is not None:
        client.force_login(person)
    problems: list[str] = []
    crawl = Crawl(client)
    label = catalogue.scope_for("").label
    api = client.get(reverse("api:picture"), {"period": label}).json()
    figures = api["figures"]
    for key, f in figures.items():
        crawl.shown[(key, f["period"], f["reach"])][value_of(f["value"])].append("/api/v1/picture")

    dashboard = crawl.visit(reverse("picture:dashboard"))
    start = [reverse("picture:figures")]
    start += [reverse("picture:figure", kwargs={"key": key}) for key in figures]
    start += [local(f["page"]) for f in figures.values() if f["page"]]
    for url in start:
        crawl.visit(url)
    crawl.discover(list(dict.fromkeys(local(u) for u in dashboard.nav)))

    # 1. The same figure, for the same period and reach, reads the same everywhere.
    for (key, period, reach), values in sorted(crawl.shown.items()):
        if len(values) > 1:
            said = "; ".join(f"{v} on {', '.join(sorted(set(urls))[:3])}" for v, urls in values.items())
            problems.append(f"{key} ({period}, {reach}) reads {len(values)} ways: {said}")
    for url, status in crawl.statuses.items():
        if status >= 500:
            problems.append(f"{url} answered {status}")

    # 2. Each figure agrees with the records behind it: the list page, its CSV and the API's list.
    for key, f in figures.items():
        if not f["page"] or f["value"] is None:
            continue
        figure = catalogue.get(key)
        value = value_of(f["value"])
        page_url = local(f["page"])
        page = crawl.visit(page_url)
        if page is None:
            problems.append(
                f"{key} links to its records at {page_url}, which answers {crawl.statuses[page_url]}"
            )
            continue
        rows = csv_rows(client, page_url + "&format=csv")
        count, records = all_records(client, f["records"])
        if not (page.list_count == len(rows) == count):
            problems.append(
                f"{key}: the list {page_url} says {page.list_count} records, its CSV has {len(rows)}, "
                f"the API's list {count}"
            )
        if figure.unit == Unit.COUNT and page.list_count != value:
            problems.append(f"{key} is {value} but its list {page_url} has {page.list_count} records")
        if key == "investment.total_spend":
            # Run and change together: the list's run and change columns add up to it.
            for total in (
                sum((Decimal(r["run"] or 0) + Decimal(r["change"] or 0) for r in rows), Decimal(0)),
                sum(
                    (Decimal(str(r["run"] or 0)) + Decimal(str(r["change"] or 0)) for r in records),
                    Decimal(0),
                ),
            ):
                if catalogue.rounded(total, figure.unit) != value:
                    problems.append(f"{key} is {value} but its list's run and change add up to {total}")
        elif figure.unit in (Unit.MONEY, Unit.FTE):
            if key not in TOTALS:
                problems.append(f"{key} is a total, but this test does not know which column adds up to it")
                continue
            column, field, cell = TOTALS[key]
            total = sum((Decimal(r[column] or 0) for r in rows), Decimal(0))
            if catalogue.rounded(total, figure.unit) != value:
                problems.append(f"{key} is {value} but its list's CSV adds up to {total}")
            if field is not None:
                api_total = sum((Decimal(str(r[field] or 0)) for r in records), Decimal(0))
                if catalogue.rounded(api_total, figure.unit) != value:
                    problems.append(f"{key} is {value} but its API list adds up to {api_total}")
            shown = page.totals[cell] if len(page.totals) > cell else None
            expected = catalogue.format_money(value) if figure.unit == Unit.MONEY else str(value)
            if shown != expected:
                problems.append(f"{key} reads {expected} but its list's total row reads {shown}")
        if key == "investment.run_share":
            run = sum((Decimal(r["run"] or 0) for r in rows), Decimal(0))
            change = sum((Decimal(r["change"] or 0) for r in rows), Decimal(0))
            share = catalogue.rounded(run / (run + change), Unit.SHARE, figure.decimals)
            if share != value:
                problems.append(f"{key} is {value} but its list's run and change give {share}")
    if figures["returns.completeness"]["page"] and figures["returns.bodies_expected"]["value"] is not None:
        missing = crawl.visit(local(figures["returns.completeness"]["page"]))
        gap = figures["returns.bodies_expected"]["value"] - figures["returns.bodies_complete"]["value"]
        if missing is not None and missing.list_count != gap:
            problems.append(
                f"{missing.list_count} bodies are listed as missing, but {gap} bodies are incomplete"
            )
    return problems, crawl


def crawled(client, person, capsys) -> Crawl:
    started = time.perf_counter()
    problems, crawl = check_picture(client, person)
    with capsys.disabled():
        showing = [url for url, page in crawl.pages.items() if page.figures]
        keys = {key for key, _, _ in crawl.shown}
        print(
            f"\n  crawled {len(crawl.statuses)} pages ({len(showing)} showing figures, {len(keys)} figures)"
            f" in {time.perf_counter() - started:.1f}s"
        )
    assert not problems, "\n".join(problems)
    return crawl


@pytest.mark.django_db
def test_analyst_sees_each_figure_read_the_same_everywhere(client, demo_picture, capsys):
    crawl = crawled(client, demo_picture["people"]["analyst"], capsys)
    # An analyst sees every figure of the catalogue somewhere.
    assert len({key for key, _, _ in crawl.shown}) == len(catalogue.figures())


@pytest.mark.django_db
def test_editor_sees_each_figure_read_the_same_everywhere(client, demo_picture, capsys):
    crawled(client, demo_picture["people"]["editor"], capsys)


@pytest.mark.django_db
def test_anonymous_sees_each_figure_read_the_same_everywhere(client, demo_picture, capsys):
    crawl = crawled(client, None, capsys)
    restricted = {f.key for f in catalogue.figures() if f.permission}
    assert not restricted & {key for key, _, _ in crawl.shown}

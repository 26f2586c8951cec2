"""The security probe the project keeps (issue 26): restricted objects carry unique markers, every
GET page and API list in the roles table is requested as every persona, and no marker may reach a
reader who should not see its object — while its owner does see it, so the probe can fail. And
every query parameter of the OpenAPI document is sent oversize input.

The rest of the probe lives beside it and runs once in the suite, not again from here:
- the formula scan of every export and open-data file: tests/test_exports_formula_safe.py;
- NUL and control characters on every OpenAPI query parameter, on both databases:
  tests/test_input_rule.py;
- the shared-strings bomb, refused before openpyxl loads it, with a memory ceiling:
  tests/shared_strings_bomb.py, used by tests/test_returns_shared_strings.py.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse

from .conftest import PERSONAS, World
from .lessons_helpers import make_lesson, make_programme
from .roles.collaboration import collaboration_world
from .test_roles import SAMPLES, TABLE

BODY_A_READERS = {"viewer_a", "editor_a", "analyst", "auditor", "admin"}
BODY_B_READERS = {"editor_b", "analyst", "auditor", "admin"}


@dataclass(frozen=True)
class Marker:
    text: str
    readers: frozenset[str]
    # The pages that show the object to its readers: the probe's proof that the marker is visible.
    urls: tuple[str, ...]
    # Whether those pages refuse other readers outright (a programme's page is public; only its
    # restricted quarterly narrative and risks are left out).
    refused: bool = True


def plant(w: World) -> list[Marker]:
    from panorama.collaboration import services as collaboration
    from panorama.finance.models import LegacySystem

    from .map_factories import make_update

    collab = collaboration_world(w)
    a_readers, b_readers = frozenset(BODY_A_READERS), frozenset(BODY_B_READERS)

    lesson_a = make_lesson(
        "Probe lesson XQ7LESSONA",
        "What went wrong: XQ7LESSONA",
        organisation=w.body_a,
        visibility="restricted",
    )
    lesson_b = make_lesson(
        "Probe lesson XQ7LESSONB",
        "What went wrong: XQ7LESSONB",
        organisation=w.body_b,
        visibility="restricted",
    )
    system = LegacySystem.objects.create(
        organisation=w.body_a,
        name="Probe system XQ7LEGACY",
        business_function="Paying XQ7LEGACY",
        notes="Known weakness XQ7LEGACY",
        annual_run_cost=1,
        risk=5,
    )
    programme = make_programme(w.body_a, "Probe programme")
    make_update(programme, narrative="Slipping: XQ7NARRATIVE", top_risks="Funding: XQ7NARRATIVE")
    collaboration.post_create(actor=w.viewer_a, thread=collab["thread"], body="Forum-only XQ7FORUMPOST")
    application = collab["application"]
    application.proposal = "Our bid XQ7APPLICATION"
    application.save(update_fields=["proposal"])

    def detail(name: str, obj) -> tuple[str]:
        return (reverse(name, kwargs={"public_id": obj.public_id}),)

    programme_page = reverse("programmes:detail", kwargs={"public_id": programme.public_id})

    return [
        Marker("XQ7LESSONA", a_readers, detail("lessons:detail", lesson_a)),
        Marker("XQ7LESSONB", b_readers, detail("lessons:detail", lesson_b)),
        Marker("XQ7LEGACY", a_readers, detail("finance:legacy-detail", system)),
        Marker(
            "XQ7NARRATIVE",
            a_readers,
            (programme_page, programme_page + "?format=csv", *detail("api:programme", programme)),
            refused=False,
        ),
        Marker("XQ7FORUMPOST", a_readers, detail("collaboration:thread-detail", collab["thread"])),
        Marker("XQ7APPLICATION", a_readers, detail("collaboration:application-detail", application)),
    ]


def crawl_urls(w: World, markers: list[Marker]) -> list[str]:
    """Every GET URL in the roles table, with its sample object, and each marker's own page."""
    urls = [url for m in markers for url in m.urls]
    for url_name, row in sorted(TABLE.items()):
        if row["method"] != "GET":
            continue
        try:
            with transaction.atomic():
                kwargs = SAMPLES.get(url_name, lambda w: {})(w)
        except IntegrityError:  # its sample object exists already, made for another URL
            continue
        urls.append(reverse(url_name, kwargs=kwargs))
    return list(dict.fromkeys(urls))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_no_marker_reaches_a_reader_who_should_not_see_it(client, world):
    markers = plant(world)
    urls = crawl_urls(world, markers)
    assert len(urls) > 150, len(urls)

    seen: dict[str, dict[str, list[str]]] = {persona: {} for persona in PERSONAS}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(world.people[persona])
        for url in urls:
            content = body(client.get(url))
            for marker in markers:
                if marker.text.encode() in content:
                    seen[persona].setdefault(marker.text, []).append(url)

    leaks = [
        f"{persona} sees {marker.text} at {seen[persona][marker.text]}"
        for persona in PERSONAS
        for marker in markers
        if persona not in marker.readers and marker.text in seen[persona]
    ]
    assert not leaks, leaks
    # Each reader sees the marker on its object's own page: a probe that sees nothing proves nothing.
    unseen = [
        f"{persona} does not see {marker.text} at {url}"
        for marker in markers
        for persona in sorted(marker.readers)
        for url in marker.urls
        if url not in seen[persona].get(marker.text, [])
    ]
    assert not unseen, unseen


def test_an_outsider_is_refused_each_markers_page_without_its_marker(client, world):
    """The direct request an attacker would make: each marker's own URLs, as each reader who should
    not see it, answer 302 (to sign in), 403 or 404 (unless the page itself is public) and never
    carry the marker."""
    markers = plant(world)
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(world.people[persona])
        for marker in markers:
            if persona in marker.readers:
                continue
            for url in marker.urls:
                response = client.get(url)
                if marker.refused:
                    assert response.status_code in (302, 403, 404), (persona, url, response.status_code)
                assert marker.text.encode() not in body(response), (persona, url)


def test_oversize_input_on_any_api_query_parameter_is_answered_not_a_500(client, world):
    """NUL on every parameter is tests/test_input_rule.py's; here each parameter of the OpenAPI
    document gets 10,000 characters, as an analyst (who reads everything) and anonymously."""
    from django.test import Client

    from .test_input_rule import openapi_query_parameters

    client.force_login(world.analyst)
    parameters = openapi_query_parameters(client)
    assert len(parameters) > 20, parameters
    failed = {}
    for reader in (client, Client()):
        for path, name in parameters:
            for value in ("x" * 10_000, "9" * 10_000):
                response = reader.get(path, {name: value})
                if response.status_code >= 500 or response["Content-Type"] != "application/json":
                    failed[(path, name, value[0])] = response.status_code
    assert not failed, failed

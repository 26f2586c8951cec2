"""The demo register's step: the programmes demo, with the overlap finder keeping the illustrative
programmes of different bodies apart.

The programmes app sits below collaboration (docs/architecture.md), so its demo cannot ask the
overlap finder itself; this step, listed in settings.PANORAMA_DEMO_STEPS where the programmes demo
was, passes the check in (`keep_apart`). Before any programme is saved, every draft the finder would
pair with another body's programme is reworded, given other work that fits the body, or dropped:
the demo's only overlaps are the ones the collaboration demo plants on purpose.
"""

from dataclasses import replace

from panorama.core import meaning
from panorama.organisations.models import Organisation
from panorama.programmes import demo as programmes_demo
from panorama.programmes.demo import (
    DATA_HUB,
    DATA_HUB_SUMMARY,
    FINISHED,
    ILLUSTRATIVE,
    PLATFORM_PROGRAMMES,
    PLATFORMS,
    REAL_PROGRAMMES,
    _wording,
)
from panorama.programmes.demo_portfolios import Template

from . import labelled
from .similarity import HYBRID, Item, find_overlaps


def load(*, scale: str, stdout) -> None:
    programmes_demo.load(scale=scale, stdout=stdout, keep_apart=keep_apart)


def keep_apart(drafts: list[dict]) -> list[dict]:
    return _distinct(drafts, _fixed_items())


def _fixed_items() -> list[Item]:
    """What the overlap finder will also see: the real programmes and the collaboration demo's
    labelled set (planted later in the load)."""
    everyone = "public bodies and the people they serve"
    active = [s for s in REAL_PROGRAMMES if s["phase"] not in FINISHED]
    items = [
        Item(
            key=("real", s["external_ref"]),
            organisation=s["organisation"],
            title=s["title"],
            summary=s["summary"],
            users=s["users"],
            commitments=dict.fromkeys(s["commitments"], ""),
            platforms={p: p for p in s.get("platforms", [])},
            partners=frozenset(s.get("partners", [])),
        )
        for s in active
    ]
    for slug, title, owner, _cost, refs, *_rest in PLATFORM_PROGRAMMES:
        spec = next(p for p in PLATFORMS if p["slug"] == slug)
        items.append(
            Item(
                key=("platform", slug),
                organisation=owner,
                title=title,
                summary=spec["summary"] + ILLUSTRATIVE,
                users=everyone,
                commitments=dict.fromkeys(refs, ""),
                platforms={slug: slug},
            )
        )
    title, owner, _cost, refs, *_rest = DATA_HUB
    hub = Item(("hub",), owner, title, DATA_HUB_SUMMARY + ILLUSTRATIVE, everyone, dict.fromkeys(refs, ""))
    items.append(hub)
    for item in labelled.items():
        item.key = ("labelled", item.key)
        items.append(item)
    return items


def _item(key, body: Organisation, template: Template, title: str, summary: str, partners=()) -> Item:
    return Item(
        key=key,
        organisation=body.short_name,
        title=title,
        summary=summary,
        users=template.users,
        commitments=dict.fromkeys(template.commitments, ""),
        platforms={p: p for p in template.platforms},
        partners=frozenset(p.short_name for p in partners),
    )


STRICTER = replace(
    HYBRID,
    threshold=HYBRID.threshold - 0.1,
    min_meaning=HYBRID.min_meaning - 0.05,
    mutual_threshold=HYBRID.mutual_threshold - 0.05,
)


def _distinct(drafts: list[dict], fixed: list[Item]) -> list[dict]:
    """Swap, or as a last resort drop, any draft the overlap finder would pair with another body's
    programme: the demo's only overlaps are the ones the collaboration demo plants on purpose."""
    for round_ in range(40):
        items = fixed + [
            _item(i, d["body"], d["template"], d["title"], d["summary"] + ILLUSTRATIVE, d["partners"])
            for i, d in enumerate(drafts)
            if d["phase"] not in FINISHED
        ]
        clashes = set()
        partnered = False
        # Words and meaning as the finder weighs them, a little stricter than the finder itself, so
        # that what the later demos add cannot tip a pair over its threshold.
        vectors = meaning.embed([f"{i.title}. {i.summary} {i.users}" for i in items])
        for match in find_overlaps(items, meaning=vectors, weights=STRICTER):
            a, b = match.a, match.b
            if (
                isinstance(a, int)
                and isinstance(b, int)
                and drafts[a]["template"] is drafts[b]["template"]
                and (drafts[a]["tried"] + drafts[b]["tried"] > 0 or len(drafts[a]["template"].titles) == 1)
                and len(drafts[a]["partners"]) < 2
                and len(drafts[b]["partners"]) < 2
            ):
                # The same work in two or three bodies: they do it together (a joint procurement,
                # a shared product), as neighbours do, so it is no undiscovered overlap.
                drafts[a]["partners"].add(drafts[b]["body"])
                drafts[b]["partners"].add(drafts[a]["body"])
                partnered = True  # the finder keeps a few matches each: look again for the rest
                continue
            # Reword the side that is not the body's own speciality (ScotRail's passenger information
            # stays ScotRail's), and of two alike the later one.
            sides = [k for k in (b, a) if isinstance(k, int)]
            sides.sort(key=lambda k: drafts[k]["own"])
            if sides:
                clashes.add(sides[0])
        if not clashes and not partnered:
            return drafts
        kept = []
        for i, draft in enumerate(drafts):
            if i in clashes:
                if draft["tried"] + 1 < len(draft["template"].titles):
                    # First another way of wording the same work ...
                    draft["tried"] += 1
                    draft["variant"] += 1
                else:
                    # ... then other work that fits the body, or, when nothing does, one programme fewer.
                    spare = draft["spare"]
                    if not spare or round_ >= 30:
                        continue
                    draft["template"], draft["tried"], draft["own"] = spare.pop(0), 0, False
                    draft["partners"] = set()
                draft["title"], draft["summary"] = _wording(
                    draft["template"], draft["body"], draft["variant"]
                )
            kept.append(draft)
        drafts = kept
    return drafts

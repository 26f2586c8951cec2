"""Meaning: what a text is about, as a vector, so that "tendering" finds "procurement" and a late
supplier finds lessons about contract management that never use the programme's words.

The model is WordLlama's small English model (256 dimensions, 16 MB of weights), which ships inside
the `wordllama` wheel from PyPI: nothing is downloaded at run time (there is no internet here). It
runs on the CPU, is loaded once per process (about 0.2 s, about 85 MB), and embeds about 10,000
paragraphs a second. Vectors are L2-normalised, so a dot product is the cosine.

Each domain app registers the kinds of object it wants embedded (`register`) with a function that
gives their texts; `embeddings_refresh` re-embeds only objects whose text changed (by hash) and is a
plain function, called on save (after commit), by `panorama embed` in bulk, and later by a
background task. Core knows no domain app: kinds are just names.
"""

import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.db import transaction

DIMENSIONS = 256
# Two texts of one kind this close say the same thing (one is shown, "and N similar").
DUPLICATE = 0.93
BATCH = 2000

TextsOf = Callable[[Sequence[int] | None], Iterable[tuple[int, str]]]


@dataclass(frozen=True)
class Source:
    kind: str
    texts: TextsOf  # ids (or None for all) → (id, text) for the objects that still exist


_SOURCES: dict[str, Source] = {}


def register(kind: str, *, texts: TextsOf) -> None:
    """Embed objects of `kind` (e.g. "lesson", "technology"): `texts(ids)` gives (id, text) for the
    objects with those ids, or for every object when ids is None."""
    _SOURCES[kind] = Source(kind, texts)


def registered() -> list[str]:
    return sorted(_SOURCES)


@lru_cache(maxsize=1)
def model():
    """The sentence-embedding model, loaded once per process from the files in its wheel."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(dim=DIMENSIONS, cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def embed(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), DIMENSIONS) float32, each row of length 1 (a row of zeros for an empty text)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty text has no direction
        vectors = np.asarray(model().embed([t or "" for t in texts], norm=True), dtype=np.float32)
    return np.nan_to_num(vectors, copy=False)


def embed_one(text: str) -> np.ndarray:
    return embed([text])[0]


def text_hash(text: str) -> str:
    return hashlib.blake2b((text or "").encode(), digest_size=16).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")


@dataclass
class RefreshResult:
    embedded: int = 0
    unchanged: int = 0
    removed: int = 0


def embeddings_refresh(*, kind: str, ids: Sequence[int] | None = None) -> RefreshResult:
    """Embed the objects of `kind` (those with `ids`, or all) whose text changed since they were
    last embedded; with no ids, also forget objects that no longer exist. A changed vector gets a
    new row, so `Matrix` readers in other processes see that something changed."""
    from .models import Embedding

    source = _SOURCES[kind]
    result = RefreshResult()
    seen: set[int] = set()
    pending: list[tuple[int, str, str]] = []

    def flush() -> None:
        if not pending:
            return
        vectors = embed([text for _, text, _ in pending])
        with transaction.atomic():
            Embedding.objects.filter(kind=kind, object_id__in=[pk for pk, _, _ in pending]).delete()
            Embedding.objects.bulk_create(
                Embedding(kind=kind, object_id=pk, text_hash=digest, vector=to_bytes(vector))
                for (pk, _, digest), vector in zip(pending, vectors, strict=True)
            )
        result.embedded += len(pending)
        pending.clear()

    chunk: list[tuple[int, str]] = []

    def compare() -> None:
        known = dict(
            Embedding.objects.filter(kind=kind, object_id__in=[pk for pk, _ in chunk]).values_list(
                "object_id", "text_hash"
            )
        )
        for pk, text in chunk:
            digest = text_hash(text)
            if known.get(pk) == digest:
                result.unchanged += 1
            else:
                pending.append((pk, text, digest))
        chunk.clear()
        if len(pending) >= BATCH:
            flush()

    for pk, text in source.texts(ids):
        seen.add(pk)
        chunk.append((pk, text))
        if len(chunk) >= BATCH:
            compare()
    compare()
    flush()
    gone = Embedding.objects.filter(kind=kind)
    gone = gone.filter(object_id__in=list(ids)) if ids is not None else gone
    stale = [pk for pk in gone.values_list("object_id", flat=True) if pk not in seen]
    if stale:
        for start in range(0, len(stale), BATCH):
            Embedding.objects.filter(kind=kind, object_id__in=stale[start : start + BATCH]).delete()
        result.removed = len(stale)
    return result


def refresh_after_commit(kind: str, pk: int) -> None:
    """On save: re-embed this object once the transaction commits (a background task may call
    `embeddings_refresh` instead, once the project has one)."""
    transaction.on_commit(lambda: embeddings_refresh(kind=kind, ids=[pk]))


def vectors(kind: str, ids: Iterable[int]) -> dict[int, np.ndarray]:
    """{id: vector} for the objects of `kind` among `ids` that have been embedded."""
    from .models import Embedding

    ids = list(ids)
    found: dict[int, np.ndarray] = {}
    for start in range(0, len(ids), BATCH):
        rows = Embedding.objects.filter(kind=kind, object_id__in=ids[start : start + BATCH]).values_list(
            "object_id", "vector"
        )
        found.update((pk, from_bytes(vector)) for pk, vector in rows)
    return found


class Matrix:
    """Every vector of one kind, in memory, for nearest-neighbour look-ups over the whole library
    (100,000 lessons: 100 MB of float32, one matrix product of about 5 ms). Reloaded when the
    newest embedding row of its kind changes, checked by one indexed query per use."""

    _lock = threading.Lock()
    _loaded: dict[str, "Matrix"] = {}

    def __init__(self, kind: str, newest: int, ids: np.ndarray, rows: np.ndarray):
        self.kind, self.newest, self.ids, self.rows = kind, newest, ids, rows
        self.position = {int(pk): i for i, pk in enumerate(ids)}

    @classmethod
    def of(cls, kind: str) -> "Matrix":
        from django.db.models import Max

        from .models import Embedding

        newest = Embedding.objects.filter(kind=kind).aggregate(newest=Max("id"))["newest"] or 0
        current = cls._loaded.get(kind)
        if current is not None and current.newest == newest:
            return current
        with cls._lock:
            # Read in chunks into arrays made once: holding every row's bytes at once (100,000
            # lessons: about 150 MB of small objects) left each server process that much larger
            # for good (docs/performance.md, "Load").
            stored = Embedding.objects.filter(kind=kind, id__lte=newest)
            size = stored.count()
            ids = np.zeros(size, dtype=np.int64)
            matrix = np.zeros((size, DIMENSIONS), dtype=np.float32)
            count = 0
            for pk, vector in stored.values_list("object_id", "vector").iterator(chunk_size=2000):
                if count == size:  # written since it was counted: the next use reloads
                    break
                ids[count], matrix[count] = pk, from_bytes(vector)
                count += 1
            loaded = cls(kind, newest, ids[:count], matrix[:count])
            cls._loaded[kind] = loaded
            return loaded

    def nearest(self, vector: np.ndarray, *, limit: int, at_least: float = -1.0) -> list[tuple[int, float]]:
        """The `limit` ids most similar to `vector`, most similar first, with their cosines."""
        if not len(self.ids):
            return []
        scores = self.rows @ vector
        limit = min(limit, len(scores))
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top])]
        return [(int(self.ids[i]), float(scores[i])) for i in top if scores[i] >= at_least]


def groups_refresh(*, kind: str, threshold: float = DUPLICATE) -> int:
    """Put objects of `kind` that say the same thing into one near-duplicate group, led by the
    oldest (lowest id): greedy, in id order, each joins the first leader it is within `threshold`
    of, or leads a group of its own. Returns the number of groups of more than one. Every object is
    compared with every leader, so this is for `panorama embed --groups` on a library of thousands
    (pages fold near-duplicates as they are shown, with `fold`, and need no stored groups)."""
    from collections import Counter

    from .models import Embedding

    rows = list(
        Embedding.objects.filter(kind=kind)
        .order_by("object_id")
        .values_list("id", "object_id", "vector", "group")
    )
    if not rows:
        return 0
    matrix = np.stack([from_bytes(row[2]) for row in rows])
    leaders: list[int] = []  # row positions
    leader_rows = np.zeros((0, DIMENSIONS), dtype=np.float32)
    group = np.zeros(len(rows), dtype=np.int64)
    block = 1000
    for start in range(0, len(rows), block):
        part = matrix[start : start + block]
        best = np.full(len(part), -1)
        if len(leaders):
            sims = part @ leader_rows.T
            arg = sims.argmax(axis=1)
            best = np.where(sims[np.arange(len(part)), arg] >= threshold, arg, -1)
        new_leaders: list[int] = []
        new_rows = np.empty((len(part), DIMENSIONS), dtype=np.float32)
        for offset in range(len(part)):
            i = start + offset
            if best[offset] >= 0:
                group[i] = rows[leaders[best[offset]]][1]
                continue
            if new_leaders:
                inner = new_rows[: len(new_leaders)] @ part[offset]
                k = int(inner.argmax())
                if inner[k] >= threshold:
                    group[i] = rows[new_leaders[k]][1]
                    continue
            new_rows[len(new_leaders)] = part[offset]
            new_leaders.append(i)
            group[i] = rows[i][1]
        leaders.extend(new_leaders)
        leader_rows = matrix[leaders]
    sizes = Counter(group.tolist())
    changed = []
    for (row_id, _, _, before), g in zip(rows, group, strict=True):
        after = int(g) if sizes[int(g)] > 1 else 0
        if after != before:
            changed.append(Embedding(id=row_id, group=after))
    Embedding.objects.bulk_update(changed, ["group"], batch_size=BATCH)
    return sum(1 for size in sizes.values() if size > 1)


def demo_load(*, scale: str, stdout) -> None:
    """The demo's last step: embed every registered kind (objects saved in bulk had no save hook)."""
    started, counts = time.perf_counter(), []
    for kind in registered():
        plural = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
        counts.append(f"{embeddings_refresh(kind=kind).embedded} {plural}")
    stdout.write(
        f"  meaning: embedded {', '.join(counts)} not embedded on save "
        f"({time.perf_counter() - started:.1f}s); every text now has its vector"
    )


def fold(kind: str, ids: Sequence[int], *, threshold: float = DUPLICATE) -> dict[int, list[int]]:
    """Near-duplicates among `ids` (in the order given, best first): {shown id: [the later ids that
    say the same thing]}. Every id is a key or in one list; ids not yet embedded stand alone."""
    matrix = Matrix.of(kind)
    shown: dict[int, list[int]] = {}
    leaders: list[tuple[int, np.ndarray]] = []
    for pk in ids:
        position = matrix.position.get(pk)
        if position is None:
            shown[pk] = []
            continue
        row = matrix.rows[position]
        for leader, vector in leaders:
            if float(vector @ row) >= threshold:
                shown[leader].append(pk)
                break
        else:
            leaders.append((pk, row))
            shown[pk] = []
    return shown


def closeness(kind: str, vector: np.ndarray, ids: Iterable[int]) -> dict[int, float]:
    """{id: cosine with `vector`} for those of `ids` that have been embedded."""
    matrix = Matrix.of(kind)
    positions = [(pk, matrix.position[pk]) for pk in ids if pk in matrix.position]
    if not positions:
        return {}
    sims = matrix.rows[[p for _, p in positions]] @ vector
    return {pk: float(s) for (pk, _), s in zip(positions, sims, strict=True)}


@lru_cache(maxsize=1)
def _words() -> tuple[list[str], np.ndarray]:
    """The whole English words in the model's vocabulary (five letters or more), and their vectors."""
    import re

    wl = model()
    entries = [
        (token[1:], index)
        for token, index in wl.tokenizer.get_vocab().items()
        if re.fullmatch("\u2581[a-z]{5,}", token)
    ]
    rows = wl.embedding[[index for _, index in entries]].astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return [word for word, _ in entries], rows


def near_words(word: str, *, limit: int = 4, at_least: float = 0.35) -> list[tuple[str, float]]:
    """Words close in meaning to `word` ("late" → delayed, delay, missed), best first, leaving out
    the word itself and words that merely begin the same way."""
    words, rows = _words()
    sims = rows @ embed_one(word)
    top = np.argpartition(-sims, limit * 6)[: limit * 6]
    found = []
    for index in top[np.argsort(-sims[top])]:
        candidate, close = words[index], float(sims[index])
        if close < at_least:
            break
        if candidate[:4] == word[:4]:
            continue
        found.append((candidate, close))
        if len(found) >= limit:
            break
    return found

"""The overlap finder's arithmetic, in plain Python with no database: which programmes, in different
bodies, appear to do the same thing, and why.

Text: TF-IDF over title (counted twice) and summary, with a light suffix stemmer, compared by cosine.
Pairs are found through an inverted index, so only programmes that share a word are ever compared,
and words that appear in very many programmes (the vocabulary of every programme: "digital",
"service", "system") are left out of both the index and the vectors.

Meaning: with `meaning` (one sentence-embedding vector per item, core/meaning.py), pairs whose
texts mean the same thing are found even where they share no word ("census outputs" and "public
health statistics dashboards"), each item's nearest few by meaning joining the candidates.

Score: a weighted sum of the word cosine, the meaning cosine and a bonus for each other kind of
evidence — the same strategy commitment, the same shared platform (one most programmes use counts
for little), the same users. A pair is an opportunity when its score reaches the threshold and its
texts have enough in common by words (min_text) or by meaning (min_meaning): sharing ScotAccount
alone does not make two programmes the same thing. WORDS_ONLY is the finder before meaning (kept to
measure against); HYBRID's weights were chosen on the training half of the hand-labelled set
(bench/tune_meaning.py) and measured on its test half.
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Weights:
    text: float
    meaning: float
    commitment: float
    platform: float
    users: float
    threshold: float
    min_text: float
    min_meaning: float
    # A pair where each is the other's best match in another body needs only this score.
    mutual_threshold: float


WORDS_ONLY = Weights(
    text=1.0,
    meaning=0.0,
    commitment=0.12,
    platform=0.08,
    users=0.12,
    threshold=0.40,
    min_text=0.18,
    min_meaning=2.0,
    mutual_threshold=0.40,
)
# Chosen on the training half (bench/tune_meaning.py): the most recall with precision ≥ 0.95 there.
HYBRID = Weights(
    text=0.0,
    meaning=1.0,
    commitment=0.12,
    platform=0.08,
    users=0.12,
    threshold=0.82,
    min_text=0.18,
    min_meaning=0.35,
    mutual_threshold=0.38,
)
THRESHOLD = WORDS_ONLY.threshold
MIN_TEXT = WORDS_ONLY.min_text
# Each item's nearest this many by meaning are compared with it, whatever words they share.
MEANING_NEIGHBOURS = 10
# A word in more than this share of programmes (and more than MIN_COMMON of them, so a small
# register keeps its words) says nothing about what any one of them does.
MAX_DOCUMENT_SHARE = 0.10
MIN_COMMON = 10
# ... and in a large register, a word in more than this many programmes is common vocabulary too;
# this also bounds the pairs the inverted index compares (at most MAX_POSTINGS² / 2 per word).
MAX_POSTINGS = 300
# Each programme keeps only its strongest few matches, so a generic programme cannot flood the list.
TOP_K = 8

STOP_WORDS = set(
    """a about across after all also an and any are as at be been being between both but by can
    deliver delivering delivery digital for from has have in into is it its it's more new of on one or
    our over per programme project so than that the their them then there these this through to
    under up upon use used using via was we were what when which while who will with within would
    system systems service services online platform""".split()  # noqa: SIM905
)
WORD = re.compile(r"[a-z0-9]+")


def stem(word: str) -> str:
    """Strip the commonest English suffixes, so "permits", "permit" and "permitting" agree."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    if len(word) > 4 and word[-1] == word[-2]:
        word = word[:-1]  # permitt → permit
    return word


def tokens(text: str) -> list[str]:
    return [stem(w) for w in WORD.findall((text or "").lower()) if w not in STOP_WORDS and len(w) > 1]


@dataclass
class Item:
    key: Hashable
    organisation: Hashable
    title: str
    summary: str = ""
    users: str = ""
    commitments: dict[Hashable, str] = field(default_factory=dict)  # id → label for the reason
    platforms: dict[Hashable, str] = field(default_factory=dict)
    partners: frozenset = frozenset()


@dataclass
class Match:
    a: Hashable
    b: Hashable
    score: float
    text_similarity: float
    reasons: list[str]
    meaning_similarity: float = 0.0


def _user_terms(users: str) -> dict[str, str]:
    """{stem: the word as written} for the words that name a programme's users."""
    return {stem(w): w for w in WORD.findall((users or "").lower()) if w not in STOP_WORDS and len(w) > 2}


def _vectors(items: Sequence[Item]) -> tuple[list[dict[str, float]], set[str]]:
    bags = [Counter(tokens(i.title) * 2 + tokens(i.summary)) for i in items]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(items)
    cap = max(MIN_COMMON, min(MAX_POSTINGS, int(MAX_DOCUMENT_SHARE * n)))
    common = {term for term, count in df.items() if count > cap}
    vectors = []
    for bag in bags:
        weights = {
            term: (1 + math.log(count)) * (math.log((1 + n) / (1 + df[term])) + 1)
            for term, count in bag.items()
            if term not in common
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({term: w / norm for term, w in weights.items()})
    return vectors, common


def _meaning_neighbours(vectors: np.ndarray, *, limit: int) -> set[tuple[int, int]]:
    """(i, j), i < j, for each item's `limit` nearest other items by meaning."""
    pairs: set[tuple[int, int]] = set()
    n = len(vectors)
    limit = min(limit, n - 1)
    if limit <= 0:
        return pairs
    for start in range(0, n, 1000):
        sims = vectors[start : start + 1000] @ vectors.T
        for offset in range(len(sims)):
            sims[offset, start + offset] = -2.0
        top = np.argpartition(-sims, limit - 1, axis=1)[:, :limit]
        for offset, row in enumerate(top):
            i = start + offset
            pairs.update((min(i, int(j)), max(i, int(j))) for j in row)
    return pairs


def find_overlaps(
    items: Sequence[Item],
    *,
    meaning: np.ndarray | None = None,
    weights: Weights | None = None,
    top_k: int = TOP_K,
    exclude: Iterable[tuple[Hashable, Hashable]] = (),
) -> list[Match]:
    """Every pair of items in different organisations that looks like the same work, best first.
    `meaning`: a row of unit length per item (then HYBRID weights by default), or None (WORDS_ONLY)."""
    if weights is None:
        weights = WORDS_ONLY if meaning is None else HYBRID
    vectors, _ = _vectors(items)
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((index, weight))
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for entries in postings.values():
        for x in range(len(entries)):
            i, wi = entries[x]
            for y in range(x + 1, len(entries)):
                j, wj = entries[y]
                dots[(i, j)] += wi * wj
    pairs = set(dots)
    if meaning is not None and weights.meaning:
        pairs |= _meaning_neighbours(meaning, limit=MEANING_NEIGHBOURS)

    excluded = {frozenset(pair) for pair in exclude}
    platform_use: Counter = Counter(p for item in items for p in item.platforms)
    users = [_user_terms(item.users) for item in items]
    floor = min(weights.threshold, weights.mutual_threshold)
    candidates: list[tuple[float, int, int, float, float]] = []
    for i, j in pairs:
        a, b = items[i], items[j]
        cosine = dots.get((i, j), 0.0)
        close = float(meaning[i] @ meaning[j]) if meaning is not None and weights.meaning else 0.0
        if (cosine < weights.min_text and close < weights.min_meaning) or a.organisation == b.organisation:
            continue
        if a.organisation in b.partners or b.organisation in a.partners:
            continue  # already working together
        score = weights.text * cosine + weights.meaning * close
        if score + weights.commitment + weights.platform + weights.users < floor:
            continue  # cannot reach the threshold whatever else they share
        if set(a.commitments) & set(b.commitments):
            score += weights.commitment
        platforms = set(a.platforms) & set(b.platforms)
        if platforms:
            # A platform nearly everyone uses is weak evidence; a niche one is strong.
            rarity = min(1.0, 2.0 / max(platform_use[p] for p in platforms) ** 0.5)
            score += weights.platform * max(rarity, 0.25)
        if users[i].keys() & users[j].keys():
            score += weights.users
        if score >= floor and frozenset((a.key, b.key)) not in excluded:
            candidates.append((score, i, j, cosine, close))

    best: dict[int, tuple[float, int]] = {}
    for score, i, j, *_ in candidates:
        for x, y in ((i, j), (j, i)):
            if x not in best or score > best[x][0]:
                best[x] = (score, y)
    admitted = []
    for score, i, j, cosine, close in candidates:
        mutual = best[i][1] == j and best[j][1] == i
        if score < (weights.mutual_threshold if mutual else weights.threshold):
            continue
        admitted.append((score, i, j, cosine, close, mutual))
    admitted.sort(key=lambda c: (-c[0], c[1], c[2]))
    kept_per_item: Counter[int] = Counter()
    matches = []
    for score, i, j, cosine, close, mutual in admitted:
        if kept_per_item[i] >= top_k or kept_per_item[j] >= top_k:
            continue
        kept_per_item[i] += 1
        kept_per_item[j] += 1
        reasons = _reasons(
            items[i], items[j], vectors[i], vectors[j], users[i], users[j], cosine, close, weights
        )
        if mutual and weights.meaning:
            reasons.append("Each is the other's closest match in another body.")
        matches.append(
            Match(items[i].key, items[j].key, round(score, 4), round(cosine, 4), reasons, round(close, 4))
        )
    return matches


def _reasons(a, b, vector_a, vector_b, users_a, users_b, cosine, close, weights) -> list[str]:
    """Why a pair was matched, in words an analyst can check."""
    reasons = []
    if weights.meaning:
        reasons.append(f"Similar in meaning (similarity {close:.2f}).")
    shared_words = sorted(set(vector_a) & set(vector_b), key=lambda t: -(vector_a[t] * vector_b[t]))[:4]
    if shared_words:
        reasons.append(
            f"Similar titles and summaries (similarity {cosine:.2f}; shared words: {', '.join(shared_words)})."
        )
    commitments = set(a.commitments) & set(b.commitments)
    if commitments:
        labels = "; ".join(sorted(a.commitments[c] for c in commitments))
        reasons.append(f"Both deliver the same commitment: {labels}.")
    platforms = set(a.platforms) & set(b.platforms)
    if platforms:
        reasons.append(f"Both build on {', '.join(sorted(a.platforms[p] for p in platforms))}.")
    shared_users = users_a.keys() & users_b.keys()
    if shared_users:
        reasons.append(f"Both serve the same users ({', '.join(sorted(users_a[u] for u in shared_users))}).")
    return reasons


def precision_recall(
    found: Iterable[tuple[Hashable, Hashable]], truth: Iterable[tuple[Hashable, Hashable]]
) -> tuple[float, float]:
    found_set = {frozenset(p) for p in found}
    truth_set = {frozenset(p) for p in truth}
    hits = len(found_set & truth_set)
    precision = hits / len(found_set) if found_set else 1.0
    recall = hits / len(truth_set) if truth_set else 1.0
    return precision, recall

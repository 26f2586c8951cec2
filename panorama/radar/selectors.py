"""Reads for the radar: technologies, who may see which stance, where technologies sit on the
rings, and what moved between quarters.

One rule places a technology on the rings (`ring_for`): each stance scores (adopted 4, trialling 3,
assessing 2, on hold 1, decided against 0), a stance taken in the last year counts in full and an
older one half, and the weighted mean decides the ring — adopt from 3.25, trial from 2.5, assess from
1.75, hold below. Stances on any day are read from the history (`StanceChange`), so the radar of an
earlier quarter and the movement between two quarters come from the same records as today's.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.models import MemberRole, User
from panorama.accounts.permissions import Person
from panorama.organisations.models import Organisation

from .models import EXPERIENCED, Answer, BodyStance, Category, Question, Stance, StanceChange, Technology

SCORES = {
    Stance.ADOPTED: 4,
    Stance.TRIALLING: 3,
    Stance.ASSESSING: 2,
    Stance.ON_HOLD: 1,
    Stance.DECIDED_AGAINST: 0,
}
RINGS = ("adopt", "trial", "assess", "hold")
RING_LABELS = {"adopt": "Adopt", "trial": "Trial", "assess": "Assess", "hold": "Hold"}
THRESHOLDS = ((Decimal("3.25"), "adopt"), (Decimal("2.5"), "trial"), (Decimal("1.75"), "assess"))
RECENT_DAYS = 365


# --- Technologies ------------------------------------------------------------------------------------


def technology_list(*, category: str = "") -> QuerySet[Technology]:
    found = Technology.objects.order_by("name")
    return found.filter(category=category) if category else found


def technology_get(*, slug: str) -> Technology:
    technology = Technology.objects.filter(slug=slug).first()
    if technology is None:
        raise Http404("No such technology.")
    return technology


# --- Who may see which stance -----------------------------------------------------------------------


def _visible_q(user: Person, prefix: str = "") -> Q:
    """Public stances for everyone; internal ones for the body's own people and the central team."""
    ids = permissions.visible_organisation_ids(user)
    if ids is None:
        return Q()
    return Q(**{f"{prefix}internal": False}) | Q(**{f"{prefix}organisation_id__in": ids})


def stances_for_user(
    *, user: Person, technology: Technology | None = None, sector: str = ""
) -> QuerySet[BodyStance]:
    found = BodyStance.objects.filter(_visible_q(user)).select_related("organisation", "technology")
    if technology is not None:
        found = found.filter(technology=technology)
    if sector:
        found = found.filter(organisation__sector=sector)
    return found.prefetch_related("programmes").order_by("organisation__name")


def stances_of_body(*, user: Person, organisation: Organisation) -> QuerySet[BodyStance]:
    """The technologies one body has a stance on, as this person may see them (the body profile)."""
    found = BodyStance.objects.filter(_visible_q(user), organisation=organisation)
    return found.select_related("organisation", "technology").order_by("technology__name")


def stances_public() -> QuerySet[BodyStance]:
    return BodyStance.objects.filter(internal=False).select_related("organisation", "technology")


def stance_for_editing(*, user: Person, public_id) -> BodyStance:
    try:
        stance = BodyStance.objects.select_related("organisation", "technology").get(public_id=public_id)
    except (BodyStance.DoesNotExist, ValueError):
        raise Http404("No such stance.") from None
    if not permissions.has(user, "organisations.view", stance.organisation) and stance.internal:
        raise Http404("No such stance.")
    if not permissions.has(user, "organisations.change", stance.organisation):
        raise PermissionDenied("Only the body's editors or a portfolio analyst may change its stance.")
    return stance


def stance_history(*, user: Person, stance: BodyStance) -> QuerySet[StanceChange]:
    found = StanceChange.objects.filter(organisation=stance.organisation, technology=stance.technology)
    return found.filter(_visible_q(user)).order_by("-effective", "-pk")


def organisations_for_stances(*, user: Person) -> QuerySet[Organisation]:
    """The bodies whose stances this person may record."""
    ids = permissions.editable_organisation_ids(user)
    found = Organisation.objects.exclude(sector__in=["industry", "third sector"]).order_by("name")
    return found if ids is None else found.filter(pk__in=ids)


def organisation_for_stance(*, user: Person, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not permissions.has(user, "organisations.view", organisation):
        raise Http404("No such public body.")
    if not permissions.has(user, "organisations.change", organisation):
        raise PermissionDenied("Only the body's editors or a portfolio analyst may record its stances.")
    return organisation


# --- Stances on a day, and the rings ----------------------------------------------------------------


@dataclass(frozen=True)
class Held:
    organisation_id: int
    technology_id: int
    stance: str
    effective: datetime.date
    internal: bool


def stances_on(
    *, day: datetime.date, user: Person | None = None, sector: str = ""
) -> dict[tuple[int, int], Held]:
    """Each (body, technology)'s stance at the end of `day`, from the history. `user` None: public
    stances only (what the catalogue and the open data count)."""
    return stances_on_days(days=[day], user=user, sector=sector)[0]


def stances_on_days(
    *, days: list[datetime.date], user: Person | None = None, sector: str = ""
) -> list[dict[tuple[int, int], Held]]:
    """`stances_on` for several days, read from the history in one query."""
    changes = StanceChange.objects.filter(effective__lte=max(days))
    if sector:
        changes = changes.filter(organisation__sector=sector)
    rows = list(
        changes.order_by("effective", "pk").values_list(
            "organisation_id", "technology_id", "stance", "effective", "internal"
        )
    )
    visible = None if user is None else permissions.visible_organisation_ids(user)
    everything = user is not None and visible is None
    found = []
    for day in days:
        latest: dict[tuple[int, int], Held] = {}
        for row in rows:
            if row[3] <= day:
                latest[(row[0], row[1])] = Held(*row)
        if not everything:
            latest = {
                key: held
                for key, held in latest.items()
                if not held.internal or (visible is not None and held.organisation_id in visible)
            }
        found.append(latest)
    return found


def ring_for(held: list[Held], *, as_of: datetime.date) -> tuple[str, Decimal]:
    total = weight = Decimal(0)
    for h in held:
        w = Decimal(1) if (as_of - h.effective).days <= RECENT_DAYS else Decimal("0.5")
        total += w * SCORES[Stance(h.stance)]
        weight += w
    score = (total / weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if weight else Decimal(0)
    for threshold, ring in THRESHOLDS:
        if score >= threshold:
            return ring, score
    return "hold", score


@dataclass
class Blip:
    number: int
    technology: Technology
    ring: str
    score: Decimal
    counts: dict[str, int]
    bodies: int
    latest: datetime.date | None
    previous_ring: str = ""  # the ring at the end of the quarter before, "" if it was not on the radar

    @property
    def ring_label(self) -> str:
        return RING_LABELS[self.ring]

    @property
    def moved(self) -> bool:
        return bool(self.previous_ring) and self.previous_ring != self.ring

    @property
    def is_new(self) -> bool:
        return not self.previous_ring


def _rings(
    stances: dict[tuple[int, int], Held], *, as_of: datetime.date
) -> dict[int, tuple[str, Decimal, list[Held]]]:
    by_technology: dict[int, list[Held]] = defaultdict(list)
    for held in stances.values():
        by_technology[held.technology_id].append(held)
    return {tid: (*ring_for(held, as_of=as_of), held) for tid, held in by_technology.items()}


def radar(
    *, user: Person | None, as_of: datetime.date, since: datetime.date | None = None, sector: str = ""
) -> list[Blip]:
    """Every technology with at least one stance, on its ring at the end of `as_of`, numbered in the
    order the chart and its table list them (quadrant, ring, name). `since`: the day to compare with
    (the previous quarter's end), for the ring each was on then."""
    days = stances_on_days(days=[as_of, since] if since else [as_of], user=user, sector=sector)
    now = _rings(days[0], as_of=as_of)
    before = _rings(days[1], as_of=since) if since else {}
    technologies = Technology.objects.in_bulk(list(now))
    order = list(Category.values)
    rows = sorted(
        now.items(),
        key=lambda item: (
            order.index(technologies[item[0]].category) if technologies[item[0]].category in order else 9,
            RINGS.index(item[1][0]),
            technologies[item[0]].name,
        ),
    )
    blips = []
    for number, (tid, (ring, score, held)) in enumerate(rows, start=1):
        counts = Counter(h.stance for h in held)
        blips.append(
            Blip(
                number=number,
                technology=technologies[tid],
                ring=ring,
                score=score,
                counts={s.value: counts.get(s.value, 0) for s in Stance},
                bodies=len(held),
                latest=max(h.effective for h in held),
                previous_ring=before[tid][0] if tid in before else "",
            )
        )
    return blips


# --- Movement between quarters ----------------------------------------------------------------------


@dataclass
class Move:
    organisation: Organisation
    technology: Technology
    before: str  # "" when the body had no stance
    after: str
    effective: datetime.date

    @property
    def before_label(self) -> str:
        return Stance(self.before).label if self.before else "No stance"

    @property
    def after_label(self) -> str:
        return Stance(self.after).label


def moves(*, start: datetime.date, end: datetime.date, user: Person | None, sector: str = "") -> list[Move]:
    """Each body whose stance on a technology at the end of `end` differs from its stance the day
    before `start`: what moved in the quarter. `user` None: public stances only."""
    before, after = stances_on_days(days=[start - datetime.timedelta(days=1), end], user=user, sector=sector)
    changed = [
        (key, held) for key, held in after.items() if key not in before or before[key].stance != held.stance
    ]
    organisations = Organisation.objects.in_bulk({key[0] for key, _ in changed})
    technologies = Technology.objects.in_bulk({key[1] for key, _ in changed})
    found = [
        Move(
            organisation=organisations[key[0]],
            technology=technologies[key[1]],
            before=before[key].stance if key in before else "",
            after=held.stance,
            effective=held.effective,
        )
        for key, held in changed
    ]
    return sorted(found, key=lambda m: (m.technology.name, m.after, m.organisation.name))


@dataclass
class Moved:
    """One technology's movement in a quarter: how many bodies moved, and to where."""

    technology: Technology
    moves: list[Move] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.moves)

    @property
    def summary(self) -> str:
        to = Counter(m.after_label.lower() for m in self.moves)
        return "; ".join(f"{n} to {label}" for label, n in sorted(to.items(), key=lambda kv: (-kv[1], kv[0])))

    @property
    def url(self) -> str:
        return self.technology.get_absolute_url()


def technologies_moved(
    *, start: datetime.date, end: datetime.date, user: Person | None = None
) -> list[Moved]:
    """Technologies on which at least one body changed stance in the period, most movement first."""
    grouped: dict[int, Moved] = {}
    for move in moves(start=start, end=end, user=user):
        grouped.setdefault(move.technology.pk, Moved(technology=move.technology)).moves.append(move)
    return sorted(grouped.values(), key=lambda m: (-m.count, m.technology.name))


# --- A technology's page ------------------------------------------------------------------------------


def stances_by_kind(
    *, user: Person, technology: Technology, sector: str = ""
) -> list[tuple[str, str, list[BodyStance]]]:
    found = defaultdict(list)
    for stance in stances_for_user(user=user, technology=technology, sector=sector):
        found[stance.stance].append(stance)
    return [(s.value, s.label, found.get(s.value, [])) for s in Stance]


def lessons_for(*, user: Person, technology: Technology):
    from panorama.lessons import selectors as lessons

    return lessons.lessons_visible(user=user).filter(technologies=technology).select_related("organisation")


def questions_for(*, technology: Technology) -> QuerySet[Question]:
    return (
        technology.questions.select_related("organisation", "asked_by")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("organisation", "answered_by"))
        )
        .order_by("-asked_at", "-pk")
    )


def question_for_user(*, user: Person, public_id) -> Question:
    """Questions and answers are for people signed in; anyone who may answer may answer any."""
    if not permissions.signed_in(user):
        raise Http404("No such question.")
    try:
        return Question.objects.select_related("technology", "organisation").get(public_id=public_id)
    except (Question.DoesNotExist, ValueError):
        raise Http404("No such question.") from None


def asking_organisations(*, user: Person) -> QuerySet[Organisation]:
    """The bodies a person may ask or answer for: those they belong to (any body, for the central team)."""
    ids = permissions.memberships(user)
    found = Organisation.objects.exclude(sector__in=["industry", "third sector"]).order_by("name")
    if permissions.is_analyst(user):
        return found
    return found.filter(pk__in=ids)


def question_recipients(
    *, technology: Technology, exclude_organisation: Organisation | None = None
) -> list[User]:
    """Who a question reaches: the people of the bodies that have adopted or are trialling the
    technology (editors and viewers), and the central team (analysts)."""
    bodies = BodyStance.objects.filter(technology=technology, stance__in=EXPERIENCED)
    if exclude_organisation is not None:
        bodies = bodies.exclude(organisation=exclude_organisation)
    members = User.objects.filter(
        is_active=True,
        memberships__organisation__in=bodies.values("organisation"),
        memberships__role__in=[MemberRole.EDITOR, MemberRole.VIEWER],
    )
    central = User.objects.filter(is_active=True, global_role__in=["analyst", "admin"])
    return list({person.pk: person for person in [*members, *central]}.values())

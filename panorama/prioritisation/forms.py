"""The scenario form: plain fields for what a person sets, turned into the scenario's JSON."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from panorama.core import periods as period_tools
from panorama.organisations.models import Sector
from panorama.programmes.models import Phase
from panorama.strategy import selectors as strategy

from .models import Scenario

SECTORS = [(v, label) for v, label in Sector.choices if v not in ("industry", "third sector")]


def _pairs(text: str, *, field: str) -> dict[str, dict[str, str]]:
    """Lines of `NAME YEAR: AMOUNT` (e.g. `health and care 2026-27: 4000000`) as {name: {year: amount}}."""
    out: dict[str, dict[str, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            left, amount = line.rsplit(":", 1)
            name, year = left.strip().rsplit(" ", 1)
            period_tools.parse_label(year)
            out.setdefault(name.strip(), {})[year.strip()] = str(Decimal(amount.strip().replace(",", "")))
        except (ValueError, ArithmeticError):
            raise ValidationError(
                f"Line {number} of {field}: write a name, a year and an amount, like “health and care 2026-27: 4000000”."
            ) from None
    return out


class ScenarioForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    forum = forms.ChoiceField(
        required=False, help_text="A forum's scenario chooses among the programmes of its members' bodies."
    )
    years = forms.CharField(help_text="Financial years, separated by commas: 2026-27, 2027-28, 2028-29.")
    budget = forms.CharField(
        label="Total envelope per year (£)",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One line per year: 2026-27: 120000000.",
    )
    sector_budgets = forms.CharField(
        label="Envelopes per sector or body (£)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional, one line each: “health and care 2026-27: 40000000”, or a body's short name prefixed with body: “body:SSS 2026-27: 9000000”.",
    )
    sector = forms.ChoiceField(
        label="Only programmes in this sector", required=False, choices=[("", "Every sector"), *SECTORS]
    )
    phase = forms.ChoiceField(
        label="Only programmes in this phase", required=False, choices=[("", "Any phase"), *Phase.choices]
    )
    tag = forms.CharField(label="Only programmes with this tag", required=False, max_length=60)
    confidence_penalty = forms.DecimalField(
        min_value=0,
        max_value=1,
        decimal_places=2,
        initial=Decimal("0.5"),
        help_text="0 ignores delivery confidence; 1 counts a red programme's value as nothing.",
    )
    lock_advanced = forms.BooleanField(label="Keep programmes in beta or live", required=False, initial=True)
    lock_tag = forms.CharField(
        label="Keep programmes with this tag", required=False, initial="legal requirement", max_length=60
    )
    lock_sectors = forms.MultipleChoiceField(
        label="Keep every programme in these sectors",
        required=False,
        choices=SECTORS,
        widget=forms.CheckboxSelectMultiple,
        help_text="To protect a sector: its bodies' programmes are kept whatever they cost.",
    )
    hiring = forms.DecimalField(
        label="Hiring allowance (FTE per role family)",
        min_value=0,
        decimal_places=1,
        initial=0,
        help_text="People each role family may add to those the bodies report in post.",
    )

    def __init__(self, *args, forums, scenario: Scenario | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ambitions = strategy.ambition_choices()
        self.fields["forum"].choices = [
            ("", "None: the central portfolio"),
            *[(f.slug, f.name) for f in forums],
        ]
        for public_id, label in self.ambitions:
            self.fields[f"weight_{public_id}"] = forms.DecimalField(
                label=f"Priority of {label}",
                min_value=0,
                decimal_places=2,
                initial=1,
                help_text="Each of its commitments counts this much.",
            )
            self.fields[f"coverage_{public_id}"] = forms.IntegerField(
                label=f"Commitments of {label} that must keep a programme",
                min_value=0,
                initial=0,
            )
        if scenario is not None and not self.is_bound:
            self.initial.update(self.initial_from(scenario))

    @staticmethod
    def initial_from(scenario: Scenario) -> dict:
        envelopes = scenario.envelopes or {}
        lines = [
            f"{prefix}{name} {year}: {amount}"
            for kind, prefix in (("sector", ""), ("body", "body:"))
            for name, by_year in (envelopes.get(kind) or {}).items()
            for year, amount in by_year.items()
        ]
        initial = {
            "name": scenario.name,
            "description": scenario.description,
            "forum": scenario.forum.slug if scenario.forum else "",
            "years": ", ".join(scenario.years),
            "budget": "\n".join(f"{y}: {a}" for y, a in (envelopes.get("total") or {}).items()),
            "sector_budgets": "\n".join(lines),
            "sector": scenario.filters.get("sector", ""),
            "phase": scenario.filters.get("phase", ""),
            "tag": scenario.filters.get("tag", ""),
            "confidence_penalty": scenario.confidence_penalty,
            "lock_advanced": scenario.lock_advanced,
            "lock_tag": scenario.lock_tag,
            "lock_sectors": scenario.lock_sectors,
            "hiring": scenario.hiring.get("*", 0),
        }
        for public_id, weight in scenario.ambition_weights.items():
            initial[f"weight_{public_id}"] = weight
        for public_id, minimum in scenario.min_coverage.items():
            initial[f"coverage_{public_id}"] = minimum
        return initial

    def clean_years(self) -> list[str]:
        return [y.strip() for y in self.cleaned_data["years"].split(",") if y.strip()]

    def clean_budget(self) -> dict[str, str]:
        out = {}
        for number, line in enumerate(self.cleaned_data["budget"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                year, amount = line.split(":", 1)
                out[year.strip()] = str(Decimal(amount.strip().replace(",", "")))
            except (ValueError, ArithmeticError):
                raise ValidationError(
                    f"Line {number}: write a year and an amount, like “2026-27: 120000000”."
                ) from None
        return out

    def clean_sector_budgets(self) -> dict:
        pairs = _pairs(self.cleaned_data["sector_budgets"], field="the envelopes")
        out: dict[str, dict] = {"sector": {}, "body": {}}
        for name, by_year in pairs.items():
            if name.startswith("body:"):
                out["body"][name.removeprefix("body:").strip()] = by_year
            elif name in dict(SECTORS):
                out["sector"][name] = by_year
            else:
                raise ValidationError(f"{name} is not a sector: write one of {', '.join(dict(SECTORS))}.")
        return out

    def scenario_data(self, *, forums) -> dict:
        d = self.cleaned_data
        by_slug = {f.slug: f for f in forums}
        return {
            "name": d["name"],
            "description": d["description"],
            "forum": by_slug.get(d["forum"]),
            "years": d["years"],
            "envelopes": {"total": d["budget"], **{k: v for k, v in d["sector_budgets"].items() if v}},
            "filters": {k: d[k] for k in ("sector", "phase", "tag") if d[k]},
            "confidence_penalty": d["confidence_penalty"],
            "lock_advanced": d["lock_advanced"],
            "lock_tag": d["lock_tag"],
            "lock_sectors": d["lock_sectors"],
            "hiring": {"*": str(d["hiring"])} if d["hiring"] else {},
            "ambition_weights": {
                pid: str(d[f"weight_{pid}"])
                for pid, _ in self.ambitions
                if d.get(f"weight_{pid}") not in (None, 1)
            },
            "min_coverage": {
                pid: d[f"coverage_{pid}"] for pid, _ in self.ambitions if d.get(f"coverage_{pid}")
            },
        }


class AdoptForm(forms.Form):
    meeting = forms.ChoiceField(label="The meeting that decided")

    def __init__(self, *args, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.public_id): m for m in meetings}
        self.fields["meeting"].choices = [
            (str(m.public_id), f"{m.forum.name}: {m.title} ({m.held_on:%d %b %Y})") for m in meetings
        ]

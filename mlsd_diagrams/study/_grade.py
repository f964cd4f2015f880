"""Grade a design against a reference: roles matched, loops closed, rules passed, card written.

`grade(mine, reference)` pairs MINE's components with the reference's by role (the same kind, or
an equivalent one: a rule-engine re-ranker stands for a re-ranking service, a warehouse for a
data lake), preferring similar labels and neighbourhoods; then checks that the parts the
reference wires together (request path, training loop, deploy path, feedback loop, monitoring)
are wired in MINE too, that MINE passes the rules, and that its card covers the seven steps;
and, where the reference declares a `rubric`, which of the points an interviewer listens for in
that problem MINE makes. The rubric is half the score and gates the rest: an answer earns the
credit of its generic parts (a gateway, a training loop, monitoring) in full only once it makes
three quarters of the points of the problem asked (a quarter of it at least), so a good answer
to another problem scores low.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from .._catalog import CATALOG, FlowKind, kinds_running_models
from .._catalog import equivalent_kinds as equivalent_kinds
from .._diagnostics import Severity
from .._model import Card, Component, Design, DesignGraph, Evidence, RubricPoint
from ..rules import validate

__all__ = [
    "Grade",
    "PointCheck",
    "Step",
    "equivalent_kinds",
    "grade",
    "grade_json",
    "grade_text",
    "rubric_checks",
]

# Components that hold a model; batch scorers count too, though no deploy rule binds them.
MODEL_KINDS = kinds_running_models()

# Credit for a reference role filled by the same kind, or by an equivalent one.
EXACT_CREDIT, EQUIVALENT_CREDIT = 1.0, 0.75
# How much each reference component counts towards coverage: models matter most, then the
# training pipeline and what a client's request passes through (the serving path, which is what
# sets one system apart from another; logs, lakes and registries are in nearly every design).
ROLE_WEIGHTS = {"training_pipeline": 2.0} | dict.fromkeys(MODEL_KINDS, 3.0)
SERVING_PATH_WEIGHT = 2.0
# A written card step earns its credit by the words it shares with the reference's: half of
# them shared is full credit (two people describing one system never use the same words), and
# the first tenth earns nothing (any two ML cards share that much: "model", "latency", "users").
FULL_CARD_OVERLAP = 0.5
GENERIC_CARD_OVERLAP = 0.1
# Points of the 100 per part of the grade; parts that do not apply are left out and the rest
# scaled up.
WEIGHTS = {"coverage": 35.0, "precision": 5.0, "wiring": 6.0, "rules": 5.0, "card": 20.0 / 7}
# A card step says something of the reference's substance (and is `ok`) from this share of its
# credit on: a fifth of its words shared.
CARD_SUBSTANCE = 0.25
# The rubric's share of the score, and the share of its points from which the other parts earn
# their credit in full (below it, in proportion).
RUBRIC_WEIGHT = 0.5
RUBRIC_FULL = 0.75
# What the other parts keep however few points an answer makes: sound engineering is worth
# something even in an answer to another problem.
RUBRIC_FLOOR = 0.25
# Words too common in role names to tell one role from another ("service", "pipeline").
_GENERIC_ROLE_WORDS = "service system pipeline store engine model data job api queue layer online"
PARTLY_WIRED = 0.5
WIRING = ("request_path", "training_loop", "deploy_path", "feedback_loop", "monitoring")
# The card's seven steps and the fields that answer each.
CARD_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("requirements", ("requirements", "inputs", "outputs")),
    ("ml_task", ("ml_task",)),
    ("data", ("data", "features")),
    ("model", ("model",)),
    ("evaluation", ("training", "offline_metrics", "online_metrics")),
    ("serving", ("serving",)),
    ("monitoring", ("monitoring",)),
)
_STOP_WORDS = frozenset(
    re.findall(
        r"\w+", "a an and are as at be by for from in into is it its of on or per the to with"
    )
)


@dataclass(frozen=True)
class Step:
    """One check of the grade: passed or not, its share of credit (0-1), and why."""

    ok: bool
    score: float
    note: str
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "score": round(self.score, 3), "note": self.note}


@dataclass(frozen=True)
class PointCheck:
    """One rubric point of the reference: made by MINE or not, and what showed it."""

    point: str
    met: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"point": self.point, "met": self.met, "evidence": self.note}


@dataclass(frozen=True)
class Grade:
    """How MINE compares with the reference."""

    mine: str
    reference: str
    score: int
    missing: list[Component] = field(default_factory=list)
    """Reference components no component of MINE fills."""
    extra: list[Component] = field(default_factory=list)
    """Components of MINE that fill no reference role."""
    matched: dict[str, str] = field(default_factory=dict)
    """Reference component id -> MINE's component id filling its role."""
    steps: dict[str, Step] = field(default_factory=dict)
    rubric: list[PointCheck] = field(default_factory=list)
    """The reference's rubric points, each met or missed."""
    relative: bool = False
    """MINE and the reference are declared relatives (designs of a related problem)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "mine": self.mine,
            "reference": self.reference,
            "score": self.score,
            "relative": self.relative,
            "rubric": [check.to_dict() for check in self.rubric],
            "missing": [_named(c) for c in self.missing],
            "extra": [_named(c) for c in self.extra],
            "matched": dict(self.matched),
            "steps": {name: step.to_dict() for name, step in self.steps.items()},
        }


def _named(component: Component) -> dict[str, str]:
    return {"id": component.id, "label": component.label, "kind": component.kind}


# --- the graph ------------------------------------------------------------------------------------


def _trained(graph: DesignGraph) -> set[str]:
    """Training pipelines with data flowing in."""
    return {t for t in graph.of_kind({"training_pipeline"}) if graph.fed(t)}


def _deployed(graph: DesignGraph) -> set[str]:
    """Models a `deploy` flow brings from training or a registry."""
    return {h for h in graph.of_kind(MODEL_KINDS) if graph.deployed(h)}


def _observed(graph: DesignGraph) -> set[str]:
    """Models a monitor or drift detector watches (directly or through a log)."""
    return {h for h in graph.of_kind(MODEL_KINDS) if h in graph.watched}


def _neighbourhoods(graph: DesignGraph) -> dict[str, frozenset[tuple[str, str, str]]]:
    """(direction, flow kind, neighbour kind) of each flow at each component."""
    kinds = {cid: c.kind for cid, c in graph.components.items()}
    return {
        cid: frozenset(
            [("out", f.kind.value, kinds[f.target]) for f in graph.out[cid]]
            + [("in", f.kind.value, kinds[f.source]) for f in graph.into[cid]]
        )
        for cid in graph.components
    }


# --- matching roles ------------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP_WORDS}


def _stems(text: str) -> set[str]:
    """Words with their endings cut (`demotion`, `demoted` and `demote` share `demot`), so that
    two people naming one idea in different forms of a word still meet."""
    return {w[:5] for w in _words(text)}


def _dice(a: AbstractSet[Any], b: AbstractSet[Any]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _label_similarity(a: str, b: str) -> float:
    return max(SequenceMatcher(None, a.lower(), b.lower()).ratio(), _dice(_words(a), _words(b)))


# Matching tries every pair of components of equivalent kinds while there are at most this many
# pairs (every design a person writes); beyond, each reference component is tried only against
# the nearest few of MINE (in declaration order) of its own kind and those sharing its label or
# neighbourhood, so that grading grows near-linearly with the designs.
PAIR_BUDGET = 40_000
WINDOW = 2
SAME_KEY = 2


def _match(mine: DesignGraph, ref: DesignGraph) -> dict[str, str]:
    """Reference id -> MINE's id: the best-scoring pairs first, each component used once, then
    any reference component left takes an unused one of its kind (or an equivalent kind)."""
    around_mine, around_ref = _neighbourhoods(mine), _neighbourhoods(ref)
    mine_ids = list(mine.components)
    by_kind: dict[str, list[int]] = {}
    for j, mid in enumerate(mine_ids):
        by_kind.setdefault(mine.components[mid].kind, []).append(j)

    def kinds_for(kind: str) -> list[str]:
        return [k for k in (kind, *CATALOG[kind].equivalents) if k in by_kind]

    ref_items = list(ref.components.items())
    pairs = sum(len(by_kind[k]) for _, r in ref_items for k in kinds_for(r.kind))
    pick = _everything(by_kind, kinds_for) if pairs <= PAIR_BUDGET else _nearest(
        mine, ref, by_kind, around_mine, around_ref
    )  # fmt: skip
    candidates = []
    for i, (rid, r) in enumerate(ref_items):
        for j in pick(i, rid, r):
            mid = mine_ids[j]
            m = mine.components[mid]
            kind_score = 2.0 if m.kind == r.kind else 1.0
            label = _label_similarity(m.label, r.label)
            around = _dice(around_mine[mid], around_ref[rid])
            candidates.append((-(kind_score + 0.5 * label + 0.5 * around), i, j, rid, mid))
    matched: dict[str, str] = {}
    used: set[str] = set()
    for _, _, _, rid, mid in sorted(candidates):
        if rid not in matched and mid not in used:
            matched[rid] = mid
            used.add(mid)
    # Near-linear matching may leave a role open that an unused component could fill.
    cursor = dict.fromkeys(by_kind, 0)
    for rid, r in ref_items:
        for kind in () if rid in matched else kinds_for(r.kind):
            pool = by_kind[kind]
            while cursor[kind] < len(pool) and mine_ids[pool[cursor[kind]]] in used:
                cursor[kind] += 1
            if cursor[kind] < len(pool):
                matched[rid] = mine_ids[pool[cursor[kind]]]
                used.add(matched[rid])
                break
    return {rid: matched[rid] for rid in ref.components if rid in matched}


# (the reference component's index, its id, it) -> the indices of MINE's components to try
Picker = Callable[[int, str, Component], Iterable[int]]


def _everything(by_kind: dict[str, list[int]], kinds_for: Callable[[str], list[str]]) -> Picker:
    def pick(i: int, rid: str, r: Component) -> Iterable[int]:
        return sorted(j for k in kinds_for(r.kind) for j in by_kind[k])

    return pick


def _nearest(
    mine: DesignGraph,
    ref: DesignGraph,
    by_kind: dict[str, list[int]],
    around_mine: dict[str, frozenset[tuple[str, str, str]]],
    around_ref: dict[str, frozenset[tuple[str, str, str]]],
) -> Picker:
    mine_ids = list(mine.components)
    by_label: dict[tuple[str, str], list[int]] = {}
    by_around: dict[tuple[str, frozenset[tuple[str, str, str]]], list[int]] = {}
    for j, mid in enumerate(mine_ids):
        m = mine.components[mid]
        by_label.setdefault((m.kind, m.label.lower()), []).append(j)
        by_around.setdefault((m.kind, around_mine[mid]), []).append(j)
    scale = len(mine_ids) / max(1, len(ref.components))

    def near(pool: list[int], position: float, count: int) -> list[int]:
        at = bisect.bisect_left(pool, position)
        return pool[max(0, at - count) : at + count]

    def pick(i: int, rid: str, r: Component) -> Iterable[int]:
        position = i * scale
        found = set(near(by_kind.get(r.kind, []), position, WINDOW))
        for kind in (r.kind, *CATALOG[r.kind].equivalents):
            found.update(near(by_label.get((kind, r.label.lower()), []), position, SAME_KEY))
            found.update(near(by_around.get((kind, around_ref[rid]), []), position, SAME_KEY))
        return sorted(found)

    return pick


# --- the checks ----------------------------------------------------------------------------------


def _fraction_check(
    mine: DesignGraph,
    ref: DesignGraph,
    matched: dict[str, str],
    wanted: set[str],
    have: set[str],
    what: str,
    *,
    hosts_only: bool = False,
) -> Step:
    """Each reference component in `wanted` must be matched by one of MINE in `have`.

    With `hosts_only`, a match that is not a model host (a rule engine for a re-ranker) is not
    asked to have what only a model needs (a deploy, a monitor).
    """
    items = [rid for rid in ref.components if rid in wanted]
    if hosts_only:
        items = [
            rid
            for rid in items
            if rid not in matched or mine.components[matched[rid]].kind in MODEL_KINDS
        ]
    if not items:
        return Step(True, 1.0, f"not applicable: the reference has no {what}")
    short = [rid for rid in items if matched.get(rid) not in have]
    # A path with a gap carries no request (or no model): each part wired earns half its share.
    score = PARTLY_WIRED * (1 - len(short) / len(items))
    if not short:
        names = ", ".join(mine.label(matched[rid]) for rid in items)
        return Step(True, 1.0, f"{what}: {names}")
    names = ", ".join(ref.label(rid) for rid in short)
    return Step(False, score, f"{len(items) - len(short)} of {len(items)} {what}; not: {names}")


def _wiring(mine: DesignGraph, ref: DesignGraph, matched: dict[str, str]) -> dict[str, Step]:
    ref_hosts = set(ref.of_kind(MODEL_KINDS))
    ref_loop, mine_loop = ref.has_feedback_loop, mine.has_feedback_loop
    if not ref_loop:
        feedback = Step(True, 1.0, "not applicable: the reference has no feedback loop")
    elif mine_loop:
        feedback = Step(True, 1.0, "serving-side feedback reaches the training data")
    else:
        feedback = Step(False, 0.0, "no feedback flow from the serving side reaches training")
    return {
        "request_path": _fraction_check(
            mine, ref, matched, ref_hosts.intersection(ref.served), set(mine.served),
            "model hosts a client's request reaches",
        ),
        "training_loop": _fraction_check(
            mine, ref, matched, _trained(ref), _trained(mine), "training pipelines fed with data"
        ),
        "deploy_path": _fraction_check(
            mine, ref, matched, _deployed(ref), _deployed(mine),
            "model hosts deployed from training or a registry", hosts_only=True,
        ),
        "feedback_loop": feedback,
        "monitoring": _fraction_check(
            mine, ref, matched, _observed(ref), _observed(mine),
            "model hosts observed by monitoring", hosts_only=True,
        ),
    }  # fmt: skip


def _rules_step(mine: Design, reference: Design) -> Step:
    """MINE's findings; only those beyond the reference's own cost credit."""
    findings = validate(mine)
    if not findings:
        return Step(True, 1.0, "no rule findings")
    codes = Counter(f.code for f in findings)
    beyond = codes - Counter(f.code for f in validate(reference))
    has_errors = any(f.severity is Severity.ERROR and f.code in beyond for f in findings)
    score = 0.0 if has_errors else max(0.0, 1 - 0.25 * sum(beyond.values()))
    listed = ", ".join(f"{code}x{n}" if n > 1 else code for code, n in sorted(codes.items()))
    return Step(not beyond, score, f"findings: {listed}" + ("" if beyond else " (as reference)"))


def _step_text(card: Card, fields: tuple[str, ...]) -> str:
    parts: list[str] = []
    for name in fields:
        value = getattr(card, name)
        parts += [value] if isinstance(value, str) else list(value)
    return " ".join(p for p in parts if p.strip())


def _card_steps(mine: Card, reference: Card) -> dict[str, Step]:
    steps = {}
    for name, fields in CARD_STEPS:
        mine_text, ref_text = _step_text(mine, fields), _step_text(reference, fields)
        if not mine_text:
            ok, score = not ref_text, 1.0 if not ref_text else 0.0
            note = "empty, as in the reference" if ok else "empty: write this step"
        elif not ref_text:
            ok, score, note = True, 1.0, "written (the reference leaves it empty)"
        else:
            overlap = _dice(_stems(mine_text), _stems(ref_text))
            earned = (overlap - GENERIC_CARD_OVERLAP) / (FULL_CARD_OVERLAP - GENERIC_CARD_OVERLAP)
            score = min(1.0, max(0.0, earned))
            ok = score >= CARD_SUBSTANCE
            shared = f"{overlap:.0%} of its words shared with the reference"
            # Written but off the point: the step says little of what the reference says.
            note = f"written; {shared}" if ok else f"off the reference's point: {shared}"
        steps[f"card.{name}"] = Step(ok, score, note)
    return steps


# --- the rubric ----------------------------------------------------------------------------------


def _texts(design: Design) -> list[set[str]]:
    """The stems of each item of text an answer writes: card entries, summary, labels, notes."""
    card = design.card
    items: list[str] = [design.summary, card.ml_task, card.narration]
    for _, fields in CARD_STEPS:
        for name in fields:
            value = getattr(card, name)
            items += value if isinstance(value, list) else []
    items += card.talking_points
    items += [" ".join([t.topic, *t.options, t.choice, t.why]) for t in card.tradeoffs]
    items += [
        " ".join([f.component, f.failure, f.detection, f.mitigation]) for f in card.failure_modes
    ]
    items += [" ".join([e.quantity, e.value, e.arithmetic]) for e in card.estimates]
    items += [" ".join([c.label, c.tech or "", c.notes or ""]) for c in design.components]
    items += [f.label for f in design.flows if f.label]
    return [stems for stems in map(_stems, items) if stems]


def _flow_evidence(text: str) -> tuple[str, FlowKind | None, str]:
    source, arrow, target = text.split(" ")
    kind = arrow.strip("->")
    return source, FlowKind(kind) if kind else None, target


class _Texts:
    """The items of an answer's text, indexed by stem so that finding a phrase costs the items
    holding its rarest word, not every item."""

    def __init__(self, items: list[set[str]]) -> None:
        self.holding: dict[str, set[int]] = {}
        for number, stems in enumerate(items):
            for stem in stems:
                self.holding.setdefault(stem, set()).add(number)

    def has(self, phrase: str) -> bool:
        """Whether one item holds every word of the phrase."""
        stems = _stems(phrase)
        if not stems:
            return False
        holders = sorted((self.holding.get(stem, set()) for stem in stems), key=len)
        return bool(set.intersection(*holders))


def _check_point(point: RubricPoint, graph: DesignGraph, texts: _Texts) -> PointCheck:
    evidence: Evidence = point.evidence
    found: list[str] = []
    wanted: list[str] = []
    if evidence.kinds:
        kinds = {c.kind for c in graph.components.values()}
        have = next((k for k in evidence.kinds if any(equivalent_kinds(m, k) for m in kinds)), None)
        (found if have else wanted).append(f"a {have}" if have else " or ".join(evidence.kinds))
    if evidence.flows:
        kinds_of = {cid: c.kind for cid, c in graph.components.items()}
        hit = None
        for text in evidence.flows:
            source, kind, target = _flow_evidence(text)
            if any(
                (kind is None or f.kind is kind)
                and equivalent_kinds(kinds_of[f.source], source)
                and equivalent_kinds(kinds_of[f.target], target)
                for f in graph.flows
            ):
                hit = text
                break
        (found if hit else wanted).append(hit or " or ".join(evidence.flows))
    if evidence.words:
        phrase = next((w for w in evidence.words if texts.has(w)), None)
        (found if phrase else wanted).append(
            f'"{phrase}"' if phrase else " or ".join(f'"{w}"' for w in evidence.words)
        )
    if wanted:
        return PointCheck(point.point, False, "look for " + "; and ".join(wanted))
    return PointCheck(point.point, True, "found " + ", ".join(found))


def rubric_checks(mine: Design, reference: Design) -> list[PointCheck]:
    """Each rubric point of the reference, met or missed by MINE."""
    graph, texts = DesignGraph.of(mine), _Texts(_texts(mine))
    return [_check_point(point, graph, texts) for point in reference.rubric]


def _credit_named_roles(
    mine: DesignGraph, ref: DesignGraph, matched: dict[str, str]
) -> dict[str, str]:
    """Reference roles left open that a component of MINE names in its label, whatever its
    kind: an enforcement service that demotes ("Enforcement (remove / demote)") is the
    reference's demoting service too. Only words that set a role apart count."""
    generic = _stems(_GENERIC_ROLE_WORDS) | {
        stem for spec in CATALOG.values() for stem in _stems(f"{spec.title} {spec.kind}")
    }
    by_stem: dict[str, str] = {}
    for mid, component in mine.components.items():
        for stem in _stems(component.label) - generic:
            by_stem.setdefault(stem, mid)
    named: dict[str, str] = {}
    for rid, role in ref.components.items():
        if rid in matched:
            continue
        hits = [by_stem[stem] for stem in sorted(_stems(role.label) - generic) if stem in by_stem]
        if hits:
            named[rid] = hits[0]
    return named


# --- the grade -----------------------------------------------------------------------------------


def grade(mine: Design, reference: Design) -> Grade:
    """Grade MINE against REFERENCE: a score of 0-100, missing and extra roles, and each check."""
    mine_view, ref_view = DesignGraph.of(mine), DesignGraph.of(reference)
    matched = _match(mine_view, ref_view)
    named = _credit_named_roles(mine_view, ref_view, matched)
    matched = {
        rid: matched.get(rid) or named[rid]
        for rid in ref_view.components
        if rid in matched or rid in named
    }
    filled = set(matched.values())
    missing = [c for rid, c in ref_view.components.items() if rid not in matched]
    extra = [c for mid, c in mine_view.components.items() if mid not in filled]

    served = ref_view.served

    def role_weight(rid: str) -> float:
        kind = ref_view.components[rid].kind
        return ROLE_WEIGHTS.get(kind, SERVING_PATH_WEIGHT if rid in served else 1.0)

    total_weight = sum(role_weight(rid) for rid in ref_view.components)
    credit = sum(
        role_weight(rid)
        * (
            EXACT_CREDIT
            if mine_view.components[matched[rid]].kind == r.kind and rid not in named
            else EQUIVALENT_CREDIT
        )
        for rid, r in ref_view.components.items()
        if rid in matched
    )
    coverage = credit / total_weight if total_weight else 1.0
    precision = len(filled) / len(mine_view.components) if mine_view.components else 1.0
    n_ref, n_mine = len(ref_view.components), len(mine_view.components)
    steps: dict[str, Step] = {
        "roles": Step(
            not missing,
            coverage,
            f"{len(matched)} of {n_ref} reference roles filled ({coverage:.0%} weighted)",
            WEIGHTS["coverage"],
        ),
        "extra": Step(
            not extra,
            precision,
            f"{len(extra)} of {n_mine} components fill no reference role",
            WEIGHTS["precision"],
        ),
    }
    for name, step in _wiring(mine_view, ref_view, matched).items():
        applicable = not step.note.startswith("not applicable")
        steps[name] = Step(step.ok, step.score, step.note, WEIGHTS["wiring"] if applicable else 0)
    rules = _rules_step(mine, reference)
    steps["rules"] = Step(rules.ok, rules.score, rules.note, WEIGHTS["rules"])
    for name, step in _card_steps(mine.card, reference.card).items():
        applicable = not step.note.startswith("empty, as in")
        steps[name] = Step(step.ok, step.score, step.note, WEIGHTS["card"] if applicable else 0)

    weight = sum(s.weight for s in steps.values())
    rest = sum(s.weight * s.score for s in steps.values()) / weight if weight else 1.0
    checks = rubric_checks(mine, reference)
    if checks:
        made = sum(c.met for c in checks) / len(checks)
        rest = RUBRIC_WEIGHT * made + (1 - RUBRIC_WEIGHT) * rest * min(
            1.0, max(RUBRIC_FLOOR, made / RUBRIC_FULL)
        )
    relative = mine.id in reference.relatives or reference.id in mine.relatives
    return Grade(
        mine.id, reference.id, round(100 * rest), missing, extra, matched, steps, checks, relative
    )


def grade_json(result: Grade) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def grade_text(result: Grade) -> str:
    """The grade for a reader: score, each check, then what is missing and extra."""
    related = " (declared relatives: designs of a related problem)" if result.relative else ""
    lines = [f"{result.mine} against {result.reference}: {result.score}/100{related}", ""]
    width = max(len(name) for name in result.steps)
    for name, step in result.steps.items():
        mark = "ok  " if step.ok else "MISS"
        lines.append(f"  {mark} {name:<{width}}  {step.note}")
    if result.rubric:
        made = sum(c.met for c in result.rubric)
        lines += ["", f"rubric of {result.reference} ({made} of {len(result.rubric)} points made):"]
        lines += [f"  {'ok  ' if c.met else 'MISS'} {c.point}  ({c.note})" for c in result.rubric]
    for title, components in (("missing", result.missing), ("extra", result.extra)):
        lines += ["", f"{title} ({len(components)}):"]
        lines += [f"  - {c.label} ({c.kind}, `{c.id}`)" for c in components] or ["  none"]
    return "\n".join(lines) + "\n"

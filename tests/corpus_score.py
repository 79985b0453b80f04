"""Score delib's reading of a document against its hand-read fixture.

The fixtures are in ``tests/fixtures/bodies/`` (format in their README). The figures
are those of issue 9: kind, session date, items found, printed counts, attendee
(name, status) F1, proxy F1, vote tallies exact, ballots (printed figures) and the names
they proclaim elected. ``python -m tests.corpus_score``
prints them per document and per kind of document.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent
FIXTURES = ROOT / "fixtures" / "bodies"
CORPORA = (ROOT / "corpus" / "bodies", ROOT / "corpus" / "holdout", ROOT / "corpus" / "fresh")
_CIVILITY = re.compile(r"^(?:m|mme|mr|mlle|mm|mmes|monsieur|madame|messieurs|mesdames)$")


@dataclass
class Score:
    """Numerators and denominators of one document (summed over documents)."""

    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, name: str, hit: int, total: int) -> None:
        self.counts[name][0] += hit
        self.counts[name][1] += total

    def merge(self, other: Score) -> None:
        for k, (a, b) in other.counts.items():
            self.add(k, a, b)

    def ratio(self, name: str) -> float | None:
        hit, total = self.counts.get(name, [0, 0])
        return hit / total if total else None

    def f1(self, name: str) -> float | None:
        tp = self.counts.get(f"{name}.tp", [0, 0])[0]
        exp = self.counts.get(f"{name}.expected", [0, 0])[0]
        got = self.counts.get(f"{name}.found", [0, 0])[0]
        if exp == 0 and got == 0:
            return None
        if tp == 0:
            return 0.0
        p, r = tp / got, tp / exp
        return 2 * p * r / (p + r)


def name_key(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    tokens = re.split(r"[\s.'’-]+", folded)
    return frozenset(t for t in tokens if len(t) > 1 and not _CIVILITY.match(t))


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return a == b or ((a <= b or b <= a) and min(len(a), len(b)) >= 1 and len(a ^ b) <= 2)


def _match(expected: list[Any], found: list[Any], key, eq=None) -> list[tuple[Any, Any]]:
    """Pairs of (expected, found): exact keys first, then inclusion."""
    pairs = []
    left = list(found)
    pending = []
    for e in expected:
        k = key(e)
        hit = next((f for f in left if key(f) == k and k), None)
        if hit is not None:
            left.remove(hit)
            pairs.append((e, hit))
        else:
            pending.append(e)
    for e in pending:
        k = key(e)
        cands = [f for f in left if _same(k, key(f))]
        if len(cands) == 1:
            left.remove(cands[0])
            pairs.append((e, cands[0]))
    return pairs


def reading_of(doc: Any, status: str = "ok") -> dict[str, Any]:
    """delib's reading of a document, in the fixture's terms."""
    from parsers.generic import final_vote

    session = doc.sessions[0] if doc.sessions else None
    items: list[dict[str, Any]] = []
    if session is not None and session.items:
        for it in session.items:
            final = final_vote(it.votes)
            items.append(
                {
                    "number": it.number,
                    "title": it.title,
                    "vote": _vote(final) if final else None,
                    "ballots": list(it.ballots),
                    "member_votes": list(it.member_votes),
                }
            )
    for d in doc.deliberations:
        items.append(
            {
                "number": d.number,
                "title": d.title,
                "vote": _vote(d.vote) if d.vote else None,
                "ballots": list(getattr(d, "ballots", ())),
                "member_votes": list(getattr(d, "member_votes", ())),
            }
        )
    att = session.attendance if session else None
    counts = att.counts if att else None
    return {
        "status": status,
        "kind": doc.kind,
        "session_date": session.info.date if session else None,
        "counts": {
            k: getattr(counts, k)
            for k in ("members_in_office", "present", "proxies", "absent", "voters")
        }
        if counts
        else {},
        "attendees": [{"name": a.person.name, "status": a.status} for a in att.attendees]
        if att
        else [],
        "proxies": [{"giver": p.giver, "holder": p.holder} for p in att.proxies] if att else [],
        "items": items,
    }


def _vote(v: Any) -> dict[str, Any]:
    return {
        "votes_for": v.votes_for,
        "votes_against": v.votes_against,
        "abstentions": v.abstentions,
        "unanimous": v.unanimous,
        "outcome": v.outcome,
    }


def _item_key(number: Any) -> str:
    if number is None:
        return ""
    text = str(number).lower().replace(" ", "")
    m = re.search(r"(\d{1,4})((?:bis|ter|[a-d])?)$", text)
    return f"{int(m.group(1))}{m.group(2)}" if m else text


def score(reading: dict[str, Any], truth: dict[str, Any]) -> Score:
    s = Score()
    s.add(
        "kind",
        int(
            reading["kind"] == truth["kind"]
            or (truth.get("status") == "needs_ocr" and reading["status"] == "needs_ocr")
        ),
        1,
    )
    if truth.get("status") == "needs_ocr":
        s.add("status", int(reading["status"] == "needs_ocr"), 1)
        return s
    if truth.get("session_date"):
        s.add("date", int(str(reading["session_date"]) == str(truth["session_date"])), 1)
    for k, v in (truth.get("counts") or {}).items():
        if v is not None and k in ("members_in_office", "present", "proxies", "absent", "voters"):
            s.add("counts", int(reading["counts"].get(k) == v), 1)
    exp_att = truth.get("attendees") or []
    pairs = _match(exp_att, reading["attendees"], lambda a: name_key(a["name"]))
    s.add("attendees.tp", sum(1 for e, f in pairs if e["status"] == f["status"]), 0)
    s.add("attendees.expected", len(exp_att), 0)
    s.add("attendees.found", len(reading["attendees"]), 0)
    exp_px = truth.get("proxies") or []
    ppairs = _match(exp_px, reading["proxies"], lambda p: name_key(p["giver"]))
    s.add(
        "proxies.tp",
        sum(
            1
            for e, f in ppairs
            if e.get("holder") is None or _same(name_key(e["holder"]), name_key(f["holder"]))
        ),
        0,
    )
    s.add("proxies.expected", len(exp_px), 0)
    s.add("proxies.found", len(reading["proxies"]), 0)
    _score_items(s, truth.get("items") or [], reading["items"])
    _score_ballots(s, truth.get("ballots") or [], reading["items"])
    return s


def _score_items(s: Score, expected: list[dict], found: list[dict]) -> None:
    left = list(found)
    for e in expected:
        key = _item_key(e.get("number"))
        hit = next((f for f in left if key and _item_key(f["number"]) == key), None)
        if hit is None:
            title = name_key(e.get("title") or "")
            hit = next(
                (
                    f
                    for f in left
                    if len(title & name_key(f["title"] or "")) >= max(2, len(title) // 2)
                ),
                None,
            )
        s.add("items", int(hit is not None), 1)
        if hit is not None:
            left.remove(hit)
        v = e.get("vote")
        printed = v and (
            v.get("unanimous") is not None
            or any(v.get(k) is not None for k in ("votes_for", "votes_against", "abstentions"))
        )
        if printed:
            got = hit["vote"] if hit else None
            ok = got is not None and all(
                got.get(k) == v.get(k)
                for k in ("votes_for", "votes_against", "abstentions", "unanimous")
            )
            s.add("tallies", int(ok), 1)


def _score_ballots(s: Score, expected: list[dict], items: list[dict]) -> None:
    found = [b for it in items for b in it["ballots"]]
    for i, e in enumerate(expected):
        got = found[i] if i < len(found) else None
        ok = got is not None and all(
            getattr(got, k) == e.get(k)
            for k in ("voters", "blank", "spoilt", "expressed")
            if e.get(k) is not None
        )
        s.add("ballots", int(ok), 1)
        if e.get("elected"):
            # every name the document proclaims elected, and no other
            won = got is not None and len(got.elected) == len(e["elected"])
            named = won and all(
                any(_same(name_key(n), name_key(g)) for g in got.elected) for n in e["elected"]
            )
            s.add("elected", int(named), 1)


def fixtures(corpus: str | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """(document, truth) pairs; ``corpus`` ("bodies", "holdout", "fresh") keeps one folder."""
    out = []
    for f in sorted(FIXTURES.glob("*.yaml")):
        truth = yaml.safe_load(f.read_text(encoding="utf-8"))
        name = f.name[: -len(".yaml")]
        source = next((c / name for c in CORPORA if (c / name).exists()), None)
        if source is not None and (corpus is None or source.parent.name == corpus):
            out.append((source, truth))
    return out


def read(path: Path) -> dict[str, Any]:
    """Run delib's reading stages on one file (as ``delib ingest`` does)."""
    from parsers.extract import extract_document
    from parsers.furniture import find_furniture
    from parsers.load import LoadError, load
    from parsers.normalize import normalize

    try:
        loaded = load(path)
    except LoadError as exc:
        from parsers.records import ExtractedDocument

        return reading_of(ExtractedDocument(kind="other"), status=exc.status)
    furniture = find_furniture(loaded.text, None if loaded.pages_inferred else loaded.pages)
    norm = normalize(loaded.text, drop=furniture)
    return reading_of(extract_document(norm.text))


METRICS = (
    "kind",
    "date",
    "items",
    "counts",
    "attendees",
    "proxies",
    "tallies",
    "ballots",
    "elected",
)


def figure(s: Score, metric: str) -> float | None:
    return s.f1(metric) if metric in ("attendees", "proxies") else s.ratio(metric)


def main(argv: list[str]) -> None:
    corpus = None
    if len(argv) > 1 and argv[1] in ("bodies", "holdout", "fresh"):
        corpus, argv = argv[1], argv[1:]
    only = argv[1:] if len(argv) > 1 else None
    by_kind: dict[str, Score] = defaultdict(Score)
    total = Score()
    print(f"{'document':52} " + " ".join(f"{m[:7]:>7}" for m in METRICS))
    for path, truth in fixtures(corpus):
        if only and not any(o in path.name for o in only):
            continue
        s = score(read(path), truth)
        by_kind[truth["kind"]].merge(s)
        total.merge(s)
        cells = [figure(s, m) for m in METRICS]
        print(
            f"{path.parent.name[:4]}/{path.name[:47]:47} "
            + " ".join(f"{'-':>7}" if c is None else f"{c:7.2f}" for c in cells)
        )
    for kind, s in [*sorted(by_kind.items()), ("ALL", total)]:
        cells = [figure(s, m) for m in METRICS]
        print(
            f"{'== ' + kind:52} "
            + " ".join(f"{'-':>7}" if c is None else f"{c:7.2f}" for c in cells)
        )


if __name__ == "__main__":
    main(sys.argv)

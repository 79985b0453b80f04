"""How the time of the paths a hostile document can stretch grows with their input.

Each case runs at a base size, ×10 and ×100, and prints the seconds and the ratios to
the base: about 10 and 100 is linear, 10 and 100 times a little more is n log n, 100
and 10 000 is quadratic. Cases:

- ``money.repeated``: the rule over n amounts (it compared every pair);
- ``budget cells``: a budget section of one line of n cells (the cell search looked
  at the whole line before every cell);
- ``document``: the whole pipeline on a one-line text of n amounts, in a worker under
  the per-document time budget (``--time-limit``): a case past it prints ``timeout``.

Speed targets live here, not in the test suite (timings on a shared machine are noisy).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.budget import find_budget_tables  # noqa: E402
from parsers.records import Amount, ExtractedDocument, Span  # noqa: E402
from pipeline.rules.money import repeated  # noqa: E402

SCALES = (1, 10, 100)


def _amounts(n: int) -> ExtractedDocument:
    amounts = tuple(
        Amount(
            value=Decimal(1000 + 3 * (k % 5000)) + Decimal(k % 3),
            currency="EUR",
            tax_basis=None,
            raw="1 000 €",
            span=Span(10 * k, 10 * k + 7),
            context="…",
            context_span=None,
            role=None,
            scaled=False,
        )
        for k in range(n)
    )
    return ExtractedDocument(kind="register", amounts=amounts)


def repeated_case(n: int) -> Callable[[], object]:
    doc = _amounts(n)
    return lambda: sum(1 for _ in repeated(doc))


def budget_case(n: int) -> Callable[[], object]:
    cells = " ".join(f"6{k % 90:02d} Compte fi {k % 900 + 100} {k % 1000:03d},00" for k in range(n))
    text = f"DEPENSES DE FONCTIONNEMENT\n011 - Charges 1 000,00\n{cells}\n"
    return lambda: sum(1 for _ in find_budget_tables(text))


def document_case(n: int, folder: Path, seconds: float) -> Callable[[], object]:
    from pipeline.executors import run_tasks
    from pipeline.tasks import Task, run_task
    from pipeline.workers import LimitError, Limits

    body = " ".join(f"{k % 900 + 100} {k % 1000:03d},00 €" for k in range(n))
    path = folder / f"line-{n}.txt"
    path.write_text(f"Délibération n° CS2019/01 : essai\n{body}\n", encoding="utf-8")
    limits = Limits(seconds=seconds, memory=2 << 30)
    task = Task(path, None, False, None, limits)

    def run() -> object:
        def stopped(t: Task, error: LimitError) -> str:
            raise TimeoutError(error.status)

        out = list(run_tasks(run_task, [task], limits=limits, on_crash=stopped, on_limit=stopped))
        return out[0].result.document["status"]

    return run


def measure(name: str, make: Callable[[int], Callable[[], object]], base: int) -> None:
    base_seconds = None
    cells = []
    for scale in SCALES:
        fn = make(base * scale)
        start = time.perf_counter()
        try:
            fn()
        except TimeoutError as exc:
            cells.append(f"×{scale}: {exc} (over the budget)")
            break
        seconds = time.perf_counter() - start
        base_seconds = base_seconds or seconds
        cells.append(f"×{scale}: {seconds:.3f} s (ratio {seconds / base_seconds:.1f})")
    print(f"{name:16} n={base:<6} " + "; ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=1000, help="smallest input (amounts, cells)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="budget of a document")
    args = parser.parse_args()
    from pipeline.executors import warm_up

    logging.getLogger("delib.ingest").addHandler(logging.NullHandler())  # the line says it
    warm_up()
    with tempfile.TemporaryDirectory(prefix="delib-scaling-") as tmp:
        measure("money.repeated", repeated_case, args.base)
        measure("budget cells", budget_case, args.base)
        measure("document", lambda n: document_case(n, Path(tmp), args.time_limit), args.base)


if __name__ == "__main__":
    main()

"""`make bench`: end-to-end `delib ingest` throughput with 1 and 2 workers, next to bare
pypdfium2 text extraction on the same PDFs, and peak memory per worker.

All figures of one run are taken on the same machine in the same minutes; on a shared
machine compare the ratios, not the absolute numbers. Usage::

    python bench/run.py [-n 100] [--repeat 3] [--dir /tmp/delib-bench] [--long-pages 2000]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate, generate_long  # noqa: E402


def bare_pdfium(pdfs: list[Path]) -> tuple[int, float]:
    """Pages and seconds for pypdfium2's plain text of every page (no delib code)."""
    import pypdfium2 as pdfium

    pages = 0
    start = time.perf_counter()
    for path in pdfs:
        pdf = pdfium.PdfDocument(str(path))
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return pages, time.perf_counter() - start


def model_load_seconds() -> tuple[float, float]:
    """Seconds to load the spaCy model in a fresh process: cold regex cache, then warm.

    The cache (pipeline/regex_cache.py) is filled by the first run; the timed
    ingests below all start with it warm, as every run after the first does.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = (
        "import time; t = time.perf_counter(); from pipeline.executors import warm_up; "
        "warm_up(); print(time.perf_counter() - t)"
    )
    times = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout.strip().splitlines()[-1]))
    return times[0], times[1]


def run_ingest(inputs: Path, out: Path, workers: int) -> dict[str, float | dict[int, int]]:
    """Run `delib ingest` in a fresh process; wall time and the figures of its log."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "ingest",
            str(inputs),
            "--out",
            str(out),
            "--quiet",
            "--workers",
            str(workers),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of delib and its workers: on a shared machine, pages per CPU second
    # is what one worker does on a core of its own.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"delib ingest failed:\n{done.stderr}")
    log = next((out / "logs").glob("ingest-*.log")).read_text(encoding="utf-8")
    last = log.strip().splitlines()[-1]
    pages = int(re.search(r"read \((\d+) pages\)", last).group(1))
    seconds = dict(re.findall(r"'(\w+)': ([\d.]+)", last.split("seconds", 1)[1].split(";")[0]))
    rss = {
        int(pid): int(mib) for pid, mib in re.findall(r"(\d+): (\d+)", last.split("RSS MiB", 1)[1])
    }
    loaded = re.search(r"spaCy model loaded in ([\d.]+) s", log)
    return {
        "wall": wall,
        "model": float(loaded.group(1)) if loaded else 0.0,
        "cpu": cpu,
        "pages": pages,
        "read": float(seconds["read"]),
        "commit": float(seconds["commit"]),
        "rss": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=100, help="registers in the corpus")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each worker count, alternating"
    )
    parser.add_argument("--dir", type=Path, default=Path("/tmp/delib-bench"))
    parser.add_argument("--long-pages", type=int, default=2000, help="0 skips the long PDF")
    args = parser.parse_args()

    corpus = args.dir / f"corpus-{args.n}"
    if not corpus.exists():
        print(f"generating {args.n} registers in {corpus} …", flush=True)
        generate(corpus.with_suffix(".tmp"), args.n)
        corpus.with_suffix(".tmp").rename(corpus)
    files = sorted(corpus.iterdir())
    pdfs = [f for f in files if f.suffix == ".pdf"]
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    pdf_mb = sum(f.stat().st_size for f in pdfs) / 1e6

    pdf_only = args.dir / f"pdf-only-{args.n}"
    if not pdf_only.exists():
        pdf_only.mkdir(parents=True)
        for f in pdfs:
            os.link(f, pdf_only / f.name)

    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    cache = args.dir / "regex-cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["DELIB_CACHE_DIR"] = str(cache)
    cold, warm = model_load_seconds()
    print(
        f"spaCy model + lexicon load, fresh process: {cold:.1f} s with an empty regex cache, "
        f"{warm:.1f} s with it filled (all runs below)"
    )
    bare_pages, bare_s = bare_pdfium(pdfs)
    print(f"corpus: {len(files)} files ({len(pdfs)} PDF, {bare_pages} PDF pages), {size_mb:.1f} MB")
    print(
        f"bare pypdfium2 text  : {bare_pages / bare_s:7.0f} pages/s  {pdf_mb / bare_s:6.1f} MB/s"
        f" ({bare_s:.1f} s for the {len(pdfs)} PDFs)"
    )
    for label, inputs, mb in (("PDF only", pdf_only, pdf_mb), ("PDF + text", corpus, size_mb)):
        # 1 and 2 workers alternate, `--repeat` times: a neighbour's load on this shared
        # machine then hits both sides alike, and the medians say what is typical.
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(args.repeat):
            for workers in (1, 2):
                r = run_ingest(inputs, args.dir / f"out-{workers}", workers)
                runs[workers].append(r)
                print(
                    f"delib ingest {label:10} -j {workers}: {r['pages'] / r['wall']:6.1f} pages/s "
                    f"{mb / r['wall']:5.2f} MB/s end to end ({r['wall']:.1f} s); reading phase "
                    f"{r['pages'] / r['read']:6.1f} pages/s; {r['pages'] / r['cpu']:6.1f} pages "
                    f"per CPU second; model load {r['model']:.1f} s; commit {r['commit']:.1f} s; "
                    f"peak RSS per worker MiB {sorted(r['rss'].values())}",
                    flush=True,
                )
        print(f"  load average now: {os.getloadavg()[0]:.2f}")
        pairs = [a["wall"] / b["wall"] for a, b in zip(runs[1], runs[2], strict=True)]
        one = statistics.median(r["wall"] for r in runs[1])
        two = statistics.median(r["wall"] for r in runs[2])
        one_read = statistics.median(r["read"] for r in runs[1])
        two_read = statistics.median(r["read"] for r in runs[2])
        pages = runs[1][0]["pages"]
        print(
            f"  {label}, medians of {args.repeat}: 1 worker {pages / one:.1f} pages/s, "
            f"2 workers {pages / two:.1f} pages/s; 2 workers / 1: {one / two:.2f}x end to end "
            f"(each pair: {', '.join(f'{x:.2f}' for x in pairs)}), "
            f"{one_read / two_read:.2f}x reading phase"
        )
    if args.long_pages:
        long_pdf = args.dir / f"long-{args.long_pages}.pdf"
        if not long_pdf.exists():
            print(f"rendering a {args.long_pages}-page register …", flush=True)
            generate_long(long_pdf, args.long_pages)
        single = args.dir / "long"
        single.mkdir(exist_ok=True)
        target = single / long_pdf.name
        if not target.exists():
            os.link(long_pdf, target)
        r = run_ingest(single, args.dir / "out-long", 1)
        print(
            f"{r['pages']}-page PDF, 1 worker: {r['pages'] / r['wall']:.1f} pages/s end to end, "
            f"peak RSS {max(r['rss'].values())} MiB"
        )


if __name__ == "__main__":
    main()

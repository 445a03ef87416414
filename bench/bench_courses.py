"""Benchmark: load, check and render every course under content/ in all languages.

Run: .venv/bin/python bench/bench_courses.py [--repeat N] [CONTENT_DIR]
Prints the median wall time of one full pass (goal: under 1 s) and its
CPU time, which another program on the machine does not inflate.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

# A script run from bench/ does not see the repository root on sys.path
# unless the package was installed after courses/ existed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from courses import load_course  # noqa: E402


def one_pass(content: Path) -> tuple[int, int, int]:
    """Load every course; return (courses, pages, blocks) rendered."""
    courses = pages = blocks = 0
    for folder in sorted(p for p in content.iterdir() if (p / "course.yaml").is_file()):
        result = load_course(folder, media_url=lambda slug, name: f"/media/{slug}/{name}")
        courses += 1
        if result.course is None:
            print(f"{folder.name}: not rendered ({len(result.messages)} messages; run python -m courses check)", file=sys.stderr)
            continue
        for module in result.course.modules:
            pages += len(module.pages)
            blocks += sum(len(b.content_by_language) for b in module.blocks)
    return courses, pages, blocks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", type=Path, default=Path(__file__).parents[1] / "content")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--markdown", action="store_true", help="print a row for docs/benchmarks.md")
    args = parser.parse_args()
    timings, cpu_times = [], []
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        counts = one_pass(args.content)
        timings.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    courses, pages, blocks = counts
    median_ms = statistics.median(timings) * 1000
    cpu_ms = statistics.median(cpu_times) * 1000
    if args.markdown:
        print(f"| check and render content/ ({courses} courses, {pages} pages, {blocks} block-languages) "
              f"| {median_ms:.0f} ms, CPU {cpu_ms:.0f} ms (medians of {args.repeat}) | < 1000 ms |")
    else:
        print(f"{courses} courses, {pages} pages, {blocks} block-languages: median {median_ms:.0f} ms "
              f"(CPU {cpu_ms:.0f} ms) over {args.repeat} runs (goal < 1000 ms)")


if __name__ == "__main__":
    main()

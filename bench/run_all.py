"""Run every benchmark in bench/ and write their figures to docs/benchmarks.md.

Each benchmark is a script printing one Markdown table row per figure on
stdout ("| name | value | goal |"); this runner collects the rows. The
table is rewritten; sections written by hand after it (from the first
"## " heading on) are kept.
"""
import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ["bench_courses.py", "bench_submission.py", "bench_http.py", "bench_cohort.py", "bench_scale.py",
              "bench_weight.py", "bench_memory.py"]


def _hand_written_sections(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("## ")), None)
    return [] if start is None else ["", *lines[start:]]


def main() -> int:
    load_before = os.getloadavg()[0]
    rows, failures = [], 0
    for script in BENCHMARKS:
        result = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--markdown"],
                                capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            failures += 1
            print(result.stderr, file=sys.stderr)
        rows += [line for line in result.stdout.splitlines() if line.startswith("|")]
    cpu = platform.processor() or platform.machine()
    target = ROOT / "docs" / "benchmarks.md"
    # Throughput is shared with whatever else runs on the machine: the load
    # average says how much that was.
    text = "\n".join([
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.date.today().isoformat()} ({cpu}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after).",
        "",
        "| benchmark | result | goal |",
        "|---|---|---|",
        *rows,
        *_hand_written_sections(target),
        "",
    ])
    target.write_text(text)
    print(text)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

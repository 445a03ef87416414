"""Run every benchmark in bench/ and write their figures to docs/benchmarks.md.

Each benchmark is a script printing one Markdown table row per figure on
stdout ("| name | value | goal |"); this runner collects the rows.
"""
import datetime
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ["bench_courses.py", "bench_submission.py", "bench_http.py"]


def main() -> int:
    rows, failures = [], 0
    for script in BENCHMARKS:
        result = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--markdown"],
                                capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            failures += 1
            print(result.stderr, file=sys.stderr)
        rows += [line for line in result.stdout.splitlines() if line.startswith("|")]
    cpu = platform.processor() or platform.machine()
    text = "\n".join([
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.date.today().isoformat()} ({cpu}, Python {platform.python_version()}).",
        "",
        "| benchmark | result | goal |",
        "|---|---|---|",
        *rows,
        "",
    ])
    (ROOT / "docs" / "benchmarks.md").write_text(text)
    print(text)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run every benchmark in bench/ and write their figures to docs/benchmarks.md.

Each benchmark is a script printing one Markdown table row per figure on
stdout ("| name | value | goal |"); this runner collects the rows. The
table is rewritten; sections written by hand after it (from the first
"## " heading on) are kept.

With BENCH_POSTGRES_URL (a PostgreSQL URL, for example
postgresql+psycopg://postgres@127.0.0.1/test) the HTTP benchmark also runs
on PostgreSQL, in an empty database of its own created on that server and
dropped afterwards: its answers are checked in the database there too.
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
POSTGRES_BENCHMARKS = ["bench_http.py"]
POSTGRES_DATABASE = "lms_bench_http"


def _rows(script: str, env: dict | None = None) -> tuple[list[str], bool]:
    result = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--markdown"],
                            capture_output=True, text=True, cwd=ROOT, env=env)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
    return [line for line in result.stdout.splitlines() if line.startswith("|")], result.returncode == 0


def _postgres_rows(server_url: str) -> tuple[list[str], int]:
    """The PostgreSQL runs, each in a fresh database on the server of `server_url`."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    rows, failures = [], 0
    try:
        for script in POSTGRES_BENCHMARKS:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)'))
                connection.execute(text(f'CREATE DATABASE "{POSTGRES_DATABASE}"'))
            url = make_url(server_url).set(database=POSTGRES_DATABASE).render_as_string(hide_password=False)
            try:
                script_rows, ok = _rows(script, {**os.environ, "LMS_DATABASE_URL": url})
            finally:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)'))
            # Rows both runs print (hello-world's) are kept once.
            rows += [row for row in script_rows if "(postgresql" in row]
            failures += not ok
    finally:
        admin.dispose()
    return rows, failures


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
        script_rows, ok = _rows(script)
        rows += script_rows
        failures += not ok
    if os.environ.get("BENCH_POSTGRES_URL"):
        postgres_rows, postgres_failures = _postgres_rows(os.environ["BENCH_POSTGRES_URL"])
        rows += postgres_rows
        failures += postgres_failures
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

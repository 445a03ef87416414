"""Command line: `python -m courses check PATH`, GIFT and Aiken import/export."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import check_tree
from .messages import ERROR, has_errors


def main(argv: list[str] | None = None) -> int:
    """Run the `cp-courses` command; returns the exit status (1 on errors)."""
    parser = argparse.ArgumentParser(prog="cp-courses", description="Check courses and convert quizzes.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check a course folder or a folder of courses")
    check.add_argument("path", type=Path)
    check.add_argument("--format", choices=("text", "github"), default="text")
    gift = commands.add_parser("gift", help="Moodle GIFT import and export")
    gift_commands = gift.add_subparsers(dest="action", required=True)
    gift_import = gift_commands.add_parser("import", help="print quiz blocks for a GIFT file")
    gift_import.add_argument("file", type=Path)
    gift_export = gift_commands.add_parser("export", help="print a course's quizzes as GIFT")
    gift_export.add_argument("course_dir", type=Path)
    gift_export.add_argument("--module", help="only this module (slug)")
    aiken = commands.add_parser("aiken", help="Aiken import")
    aiken_commands = aiken.add_subparsers(dest="action", required=True)
    aiken_import = aiken_commands.add_parser("import", help="print quiz blocks for an Aiken file")
    aiken_import.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.path, args.format)
    if args.command == "gift" and args.action == "import":
        from .gift import import_gift
        return _print_import(import_gift, args.file)
    if args.command == "gift":
        return _export_gift(args.course_dir, args.module)
    from .aiken import import_aiken
    return _print_import(import_aiken, args.file)


def _check(path: Path, output_format: str) -> int:
    messages = check_tree(path)
    for message in messages:
        print(message.as_github_annotation() if output_format == "github" else message)
    errors = sum(1 for m in messages if m.severity == ERROR)
    warnings = len(messages) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if has_errors(messages) else 0


def _print_import(convert, file: Path) -> int:
    text, warnings = convert(file.read_text(encoding="utf-8-sig"))
    for warning in warnings:
        print(warning.__class__(str(file), warning.line, warning.severity, warning.code, warning.message), file=sys.stderr)
    sys.stdout.write(text)
    return 1 if has_errors(warnings) else 0


def _export_gift(course_dir: Path, module_slug: str | None) -> int:
    from .gift import export_gift
    from .loader import load_course

    result = load_course(course_dir)
    if result.course is None:
        for message in result.messages:
            print(message, file=sys.stderr)
        return 1
    target = result.course
    if module_slug:
        target = result.course.module(module_slug)
        if target is None:
            known = ", ".join(m.slug for m in result.course.modules)
            print(f'no module "{module_slug}" in this course; modules: {known}', file=sys.stderr)
            return 1
    sys.stdout.write(export_gift(target))
    return 0


if __name__ == "__main__":
    sys.exit(main())

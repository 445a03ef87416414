"""Moodle Aiken import: single-choice questions with lettered options and ANSWER: X."""
from __future__ import annotations

import re

from .messages import ERROR, Message

AIKEN_SOURCE = "<aiken>"
_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$", re.IGNORECASE)


def import_aiken(text: str) -> tuple[str, list[Message]]:
    """Convert Aiken questions into quiz blocks; unreadable questions are errors."""
    messages: list[Message] = []
    blocks: list[str] = []
    question: list[str] = []
    options: list[tuple[str, str]] = []
    start = 1
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if not question and not options:
            start = number
        if match := _ANSWER.match(line):
            letter = match.group(1).upper()
            letters = [key for key, _text in options]
            if not question or len(options) < 2 or letter not in letters:
                messages.append(Message(AIKEN_SOURCE, start, ERROR, "A801", f"the question starting on line {start} needs its text, at least two options \"A. ...\", and an ANSWER: line naming one of them ({', '.join(letters) or 'none found'})."))
            else:
                quiz_id = f"aiken-{len(blocks) + 1}"
                body = "\n".join(f"({'x' if key == letter else ' '}) {option}" for key, option in options)
                blocks.append(f"```quiz\nid: {quiz_id}\n\n{' '.join(question)}\n\n{body}\n```\n")
            question, options = [], []
        elif match := _OPTION.match(line):
            options.append((match.group(1), match.group(2)))
        elif options:
            messages.append(Message(AIKEN_SOURCE, number, ERROR, "A801", f'"{line[:50]}" follows the options but is not an option or an ANSWER: line.'))
            question, options = [], []
        else:
            question.append(line)
    if question or options:
        messages.append(Message(AIKEN_SOURCE, start, ERROR, "A801", f"the question starting on line {start} has no ANSWER: line."))
    return "\n".join(blocks), messages

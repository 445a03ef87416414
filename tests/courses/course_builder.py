"""Small course folders written into tmp_path, built as authors write them."""
from __future__ import annotations

import textwrap
from pathlib import Path

COURSE_YAML = """\
title:
  en: "Test course"
  fr: "Cours d'essai"
languages: [en, fr]
summary: {en: "A course for tests."}
level: entry
pass_mark: 70
certificate: true
version: "2026.1"
"""

INTRO = """\
---
title: Introduction
duration: 30 min
objectives:
  - Explain why children need protection
cpms:
  standards: [1, 18]
  principles: [4]
competencies: [technical]
---

## Why it matters

Children face specific risks in crises.

```quiz
id: first-response
points: 2

What should you do **first**?

(x) Listen calmly
    > Yes: a calm reaction helps.
( ) Promise to keep it secret
    > Never promise secrecy.

---
Listen, reassure, record, tell the designated person.
```
"""

INTRO_FR = """\
---
title: Introduction
objectives:
  - Expliquer pourquoi les enfants ont besoin de protection
---

## Pourquoi c'est important

Les enfants font face à des risques spécifiques.

```quiz
id: first-response

Que faire **d'abord** ?

(x) Écouter calmement
    > Oui.
( ) Promettre le secret
    > Jamais.

---
Écouter, rassurer, noter, informer la personne désignée.
```
"""


def dedent(text: str) -> str:
    """Test texts are written indented in the test; files are not."""
    return textwrap.dedent(text).lstrip("\n")


class CourseBuilder:
    """Writes a course folder; each test changes only what it is about."""

    def __init__(self, root: Path, slug: str = "test-course") -> None:
        self.path = root / slug
        self.files: dict[str, str | bytes] = {
            "course.yaml": COURSE_YAML,
            "modules/01-intro.md": INTRO,
            "modules/01-intro.fr.md": INTRO_FR,
        }

    def set(self, name: str, text: str | bytes | None) -> "CourseBuilder":
        """Replace (or with None, delete) one file of the course."""
        if text is None:
            self.files.pop(name, None)
        else:
            self.files[name] = dedent(text) if isinstance(text, str) else text
        return self

    def module(self, name: str, front: str, body: str) -> "CourseBuilder":
        """Add a module file from its front matter lines and body."""
        return self.set(f"modules/{name}", "---\n" + dedent(front) + "---\n\n" + dedent(body))

    def write(self) -> Path:
        """Write the files and return the course folder."""
        for name, content in self.files.items():
            target = self.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        return self.path


def quiz_module(quiz_body: str, *, title: str = "Quiz page", standards: str = "[5]") -> str:
    """A module file holding one quiz fence with `quiz_body` inside."""
    return (
        f"---\ntitle: {title}\nduration: 10 min\ncpms:\n  standards: {standards}\n---\n\n"
        "Some text.\n\n```quiz\n" + dedent(quiz_body) + "```\n"
    )

"""A small real course, published through the real engine, for the learner tests."""
import re
import textwrap

import pytest

import courses
from lms_app.catalog.publish import media_url, publish_courses

from ..conftest import csrf_token, sign_in

COURSE_YAML = """\
title: {en: "Safe practice", fr: "Pratique sûre"}
languages: [en, fr]
summary: {en: "A short course.", fr: "Un cours court."}
level: entry
pass_mark: 50
certificate: true
version: "1"
"""

MODULE = """\
---
title: Listening
duration: 15 min
cpms:
  standards: [18]
  principles: [4]
pass_mark: 50
---

## Listening first

A child tells you something worrying.

```quiz
id: first-step
points: 2

What should you do **first**?

(x) Listen calmly
    > Yes: a calm reaction helps.
( ) Promise to keep it secret
    > Never promise secrecy.

---
Listen, reassure, record, tell the designated person.
```

```quiz
id: secrecy

You can promise a child to keep any secret.

( ) True
(x) False
```
"""

MODULE_FR = """\
---
title: Écouter
---

## Écouter d'abord

Un enfant vous confie quelque chose d'inquiétant.

```quiz
id: first-step
points: 2

Que faites-vous **d'abord** ?

(x) Écouter calmement
( ) Promettre le secret
```

```quiz
id: secrecy

On peut promettre de garder n'importe quel secret.

( ) Vrai
(x) Faux
```
"""

SECOND = """\
---
title: Referral
duration: 10 min
cpms:
  standards: [5]
---

Read about referral.

```quiz
id: reflect
type: reflection

What would you do differently next time?
```
"""


def write_course(root):
    folder = root / "safe-practice"
    (folder / "modules").mkdir(parents=True)
    (folder / "course.yaml").write_text(COURSE_YAML)
    (folder / "modules" / "01-listening.md").write_text(MODULE)
    (folder / "modules" / "01-listening.fr.md").write_text(MODULE_FR)
    (folder / "modules" / "02-referral.md").write_text(SECOND)
    return folder


@pytest.fixture
def course(app, tmp_path):
    result = courses.load_course(write_course(tmp_path / "content"), media_url=media_url)
    assert result.course is not None, [str(m) for m in result.messages]
    publish_courses([result.course], tmp_path / "media")
    return result.course


@pytest.fixture
def learner(client, make_user, course):
    """A signed-in learner enrolled in the course."""
    user = make_user("amina")
    sign_in(client)
    client.post("/courses/safe-practice/enrol", data={"csrf_token": csrf_token(client, "/courses/safe-practice")})
    return user


FORM_RE = re.compile(r'<form class="cp-quiz-form" method="post" action="([^"]+)".*?name="idempotency_key" value="([^"]+)"', re.S)


def quiz_forms(html: str) -> list[tuple[str, str]]:
    """(action URL, idempotency key) of every quiz form on the page, in order."""
    return [(action.replace("&amp;", "&"), key) for action, key in FORM_RE.findall(html)]


def choice_value(html: str, label_text: str) -> str:
    match = re.search(r'value="(c\d+)"[^>]*>\s*(?:<[^>]+>\s*)*' + re.escape(label_text), html)
    if match is None:
        match = re.search(r'<input[^>]*value="(c\d+)"[^>]*id="([^"]+)"[^>]*>.*?<label for="\2">' + re.escape(label_text), html, re.S)
    assert match, f"no choice {label_text!r}"
    return match.group(1)


dedent = textwrap.dedent

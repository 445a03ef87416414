"""The translation status table: missing translations, and translations older than their original by git date."""
import os
import subprocess

from courses.translation_status import CURRENT, MISSING, OLDER, ORIGINAL, translation_status


def _commit(folder, when: int, *paths):
    env = dict(os.environ, GIT_AUTHOR_DATE=f"@{when} +0000", GIT_COMMITTER_DATE=f"@{when} +0000",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "add", *paths], cwd=folder, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "x"], cwd=folder, check=True, env=env)


def test_status_per_module_and_language(tmp_path):
    folder = tmp_path / "course"
    modules = folder / "modules"
    modules.mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    for name in ("01-intro.md", "01-intro.fr.md", "02-risks.md", "02-risks.fr.md"):
        (modules / name).write_text(name)
    _commit(folder, 1_700_000_000, ".")
    (modules / "02-risks.md").write_text("changed")  # the original changes after its translation
    _commit(folder, 1_700_100_000, ".")
    rows = {r.slug: r.status for r in translation_status(folder, "en", ["en", "fr", "ar"])}
    assert rows["intro"] == {"en": ORIGINAL, "fr": CURRENT, "ar": MISSING}
    assert rows["risks"] == {"en": ORIGINAL, "fr": OLDER, "ar": MISSING}
    # Updating the translation brings it up to date again, even before it is committed.
    (modules / "02-risks.fr.md").write_text("mis à jour")
    assert {r.slug: r.status for r in translation_status(folder, "en", ["fr"])}["risks"] == {"fr": CURRENT}


def test_outside_git_the_files_dates_decide(tmp_path):
    modules = tmp_path / "course" / "modules"
    modules.mkdir(parents=True)
    (modules / "01-intro.fr.md").write_text("fr")
    (modules / "01-intro.md").write_text("en")
    os.utime(modules / "01-intro.fr.md", (1_000_000, 1_000_000))
    rows = translation_status(tmp_path / "course", "en", ["en", "fr"])
    assert rows[0].status == {"en": ORIGINAL, "fr": OLDER}

"""Fixtures of the course engine tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from .course_builder import CourseBuilder


@pytest.fixture
def course(tmp_path: Path) -> CourseBuilder:
    """A valid two-language course, ready to be changed by a test."""
    return CourseBuilder(tmp_path / "content")

"""The course engine: a course folder on disk -> a validated, rendered course model.

Pure Python (markdown, YAML, nh3); never imports Flask, lms_app or xblocks.
"""
from .loader import check_tree, load_course
from .messages import CODES, ERROR, WARNING, Message, has_errors
from .model import BlockModel, CourseModel, LoadResult, ModuleModel, PageModel
from .rendering import render_markdown

__all__ = [
    "BlockModel", "CODES", "CourseModel", "ERROR", "LoadResult", "Message", "ModuleModel",
    "PageModel", "WARNING", "check_tree", "has_errors", "load_course", "render_markdown",
]

"""CP Learn quiz XBlocks: the question kinds of the course format as XBlocks.

Pure XBlock API (no web framework): installable in any XBlock runtime
through the `xblock.v1` entry points. See docs/blocks.md for the fields and
the `submit` handler protocol.
"""

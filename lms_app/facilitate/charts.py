"""The pre/post chart per CPMS standard, as plain geometry for a server-drawn SVG (no JavaScript)."""
from dataclasses import dataclass

WIDTH = 320
LABEL_WIDTH = 64
BAR_SPACE = WIDTH - LABEL_WIDTH - 40  # room for the value after the bar
BAR_HEIGHT = 11
ROW_HEIGHT = 32


@dataclass
class ChartRow:
    standard: int
    y: int
    pre: float | None
    post: float | None

    @property
    def pre_width(self) -> float:
        return round((self.pre or 0.0) * BAR_SPACE, 1)

    @property
    def post_width(self) -> float:
        return round((self.post or 0.0) * BAR_SPACE, 1)


@dataclass
class Chart:
    rows: list[ChartRow]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.rows) * ROW_HEIGHT + 8


def pre_post_chart(standards) -> Chart:
    """One row per standard: the pre-test bar above the post-test bar, widths proportional to the scores."""
    return Chart([ChartRow(s.standard, 4 + i * ROW_HEIGHT, s.pre, s.post) for i, s in enumerate(standards)])

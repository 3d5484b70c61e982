"""Character intervals asked about points and spans in log time (the logic reader's masks, the
section headings found so far, the thresholds' value expressions)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate

Mask = tuple[int, int]


class Intervals:
    """Character intervals, asked whether they cover a point, overlap a span or hold one in log
    time: a criterion of a thousand thresholds stays linear."""

    def __init__(self, intervals: list[Mask]):
        ordered = sorted(intervals)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end) - 1  # the intervals starting before end
        return k >= 0 and self.reach[k] > start

    def covers(self, point: int) -> bool:
        return self.overlaps(point, point + 1)

    def holds(self, start: int, end: int) -> bool:
        """Whether one interval runs from start or before to end or after."""
        k = bisect_right(self.starts, start) - 1  # the intervals starting at start or before
        return k >= 0 and self.reach[k] >= end


NO_INTERVALS = Intervals([])

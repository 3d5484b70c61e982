"""nlp/intervals.py: points and spans against sorted character intervals."""

import pytest

from nlp.intervals import NO_INTERVALS, Intervals

SPANS = Intervals([(10, 20), (0, 5), (12, 30)])


@pytest.mark.parametrize(("point", "covered"),
                         [(0, True), (4, True), (5, False), (9, False), (29, True), (30, False)])
def test_covers(point, covered):
    assert SPANS.covers(point) is covered


@pytest.mark.parametrize(("start", "end", "held"), [
    (0, 5, True), (1, 4, True), (3, 7, False), (12, 30, True), (10, 25, False), (5, 10, False),
    (29, 31, False),
])
def test_holds(start, end, held):  # one interval must hold it: (10, 25) spans two
    assert SPANS.holds(start, end) is held


def test_overlaps_and_the_empty_set():
    assert SPANS.overlaps(4, 11) and not SPANS.overlaps(5, 10)
    assert not NO_INTERVALS.covers(0) and not NO_INTERVALS.holds(0, 1)

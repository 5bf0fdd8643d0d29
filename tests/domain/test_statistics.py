"""The suppression rule: small cells, a lone hidden cell of a partition, and complements of a
share are never published."""

from __future__ import annotations

from backa_desktop.domain.statistics import (
    LEAD_TIME_BUCKETS,
    MIN_CELL,
    RawCell,
    TableKind,
    bucket_of,
    median,
    suppress,
)


def _counts(table: object) -> dict[str, int | None]:
    return {c.key: c.count for c in table.cells}  # type: ignore[attr-defined]


def test_small_cells_and_their_values_are_hidden() -> None:
    table = suppress(
        "t", TableKind.LIST, [RawCell("a", 4, 1.5), RawCell("b", 5, 2.5), RawCell("c", 0)]
    )
    assert _counts(table) == {"a": None, "b": 5, "c": None}
    assert table.cell("a").value is None  # type: ignore[union-attr]
    assert table.cell("b").value == 2.5  # type: ignore[union-attr]
    assert MIN_CELL == 5


def test_one_hidden_cell_of_a_partition_takes_the_smallest_other_with_it() -> None:
    cells = [RawCell("a", 20), RawCell("b", 3), RawCell("c", 9), RawCell("d", 7)]
    table = suppress("t", TableKind.PARTITION, cells, 39)
    # Without the second, b = 39 - 20 - 9 - 7.
    assert _counts(table) == {"a": 20, "b": None, "c": 9, "d": None}
    assert table.total == 39 and table.suppressed == 2


def test_two_hidden_cells_need_no_more() -> None:
    cells = [RawCell("a", 20), RawCell("b", 3), RawCell("c", 2)]
    assert _counts(suppress("t", TableKind.PARTITION, cells, 25)) == {"a": 20, "b": None, "c": None}


def test_a_small_total_hides_everything() -> None:
    table = suppress("t", TableKind.PARTITION, [RawCell("a", 4)], 4, total_value=3.0)
    assert _counts(table) == {"a": None}
    assert table.total is None and table.total_value is None


def test_share_cells_hide_small_complements() -> None:
    cells = [RawCell("omsorg", 10), RawCell("trygghet", 6), RawCell("halsa", 12)]
    # 12 children: 10 flagged omsorg means 2 did not; all 12 flagged hälsa means 0 did not.
    assert _counts(suppress("t", TableKind.SHARE, cells, 12)) == {
        "omsorg": None,
        "trygghet": 6,
        "halsa": None,
    }


def test_buckets_and_median() -> None:
    assert [bucket_of(d, LEAD_TIME_BUCKETS) for d in (0, 7, 8, 30, 90, 91, 400)] == [
        "0-7",
        "0-7",
        "8-14",
        "15-30",
        "61-90",
        "91-",
        "91-",
    ]
    assert median([3, 1, 2]) == 2.0
    assert median([4, 1, 2, 3]) == 2.5
    assert median([]) is None

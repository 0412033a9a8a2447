"""A list made when first read: the rows a page keeps as data only for a theme."""
from __future__ import annotations


class Lazy:
    """A list made by ``make`` when first read (rows kept as data only for a theme)."""

    def __init__(self, make):
        self._make, self._items = make, None

    def _list(self) -> list:
        if self._items is None:
            self._items = self._make()
        return self._items

    def __iter__(self):
        return iter(self._list())

    def __len__(self) -> int:
        return len(self._list())

    def __getitem__(self, index):
        return self._list()[index]

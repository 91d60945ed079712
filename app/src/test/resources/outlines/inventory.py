"""Stock levels per warehouse, with reservations that expire."""
from __future__ import annotations

import asyncio
import dataclasses
from typing import Generic, Iterator, TypeVar

T = TypeVar("T")

DEFAULT_TTL = 900


@dataclasses.dataclass(frozen=True)
class Sku:
    """A stock-keeping unit: product code plus variant."""

    code: str
    variant: str = ""

    def __str__(self) -> str:
        return f"{self.code}/{self.variant}" if self.variant else self.code


class OutOfStock(Exception):
    """Raised when a reservation asks for more than is on hand."""


class Ledger(Generic[T]):
    """Append-only record of stock movements.

    Entries are never changed once written; corrections are new entries.
    """

    def __init__(self, entries: list[T] | None = None) -> None:
        self._entries = list(entries or [])

    def append(self, entry: T) -> None:
        """Add one movement at the end."""
        self._entries.append(entry)

    def __iter__(self) -> Iterator[T]:
        return iter(self._entries)

    @property
    def size(self) -> int:
        """Number of movements recorded so far."""
        return len(self._entries)

    @staticmethod
    def merge(
        first: "Ledger[T]",
        second: "Ledger[T]",
    ) -> "Ledger[T]":
        '''Both ledgers' entries, first then second.'''
        return Ledger([*first, *second])


class Warehouse:
    def __init__(self, name: str, ttl: int = DEFAULT_TTL):
        self.name = name
        self.ttl = ttl
        self._stock: dict[Sku, int] = {}

    def receive(self, sku: Sku, quantity: int) -> int:
        """Put goods on the shelf and return the new level."""
        self._stock[sku] = self._stock.get(sku, 0) + quantity
        return self._stock[sku]

    async def reserve(self, sku: Sku, quantity: int, *, timeout: float = 5.0) -> str:
        """Hold `quantity` units for an order; raise OutOfStock when short."""
        await asyncio.sleep(0)
        if self._stock.get(sku, 0) < quantity:
            raise OutOfStock(str(sku))
        self._stock[sku] -= quantity
        return f"{self.name}:{sku}:{quantity}"

    class Shelf:
        """A physical shelf inside the warehouse."""

        def label(self) -> str:
            return "shelf"


def load_warehouses(path: str) -> list[Warehouse]:
    """Read warehouses from a CSV file with one name per line."""
    with open(path, encoding="utf-8") as f:
        return [Warehouse(line.strip()) for line in f if line.strip()]


async def restock_all(warehouses: list[Warehouse], sku: Sku, quantity: int) -> None:
    # Not a docstring: a plain comment inside the body.
    for w in warehouses:
        w.receive(sku, quantity)


try:
    import ujson as json
except ImportError:  # pragma: no cover
    import json

if json.__name__ == "json":

    def dumps(value: object) -> str:
        """Serialise with the standard library."""
        return json.dumps(value)

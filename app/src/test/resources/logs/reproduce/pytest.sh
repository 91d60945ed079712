#!/bin/sh
# Re-creates the scratch project and re-runs the failing build that produced the logs named below.
# Writes into a fresh temporary directory; OUT is where the logs go (default: current directory).
set -u
OUT="${OUT:-$PWD}"
HERE="$(cd "$(dirname "$0")" && pwd)"
W="$(mktemp -d)"
cd "$W"
mkdir -p "$(dirname 'shop/__init__.py')"
cat > 'shop/__init__.py' <<'ACS_EOF'
ACS_EOF
mkdir -p "$(dirname 'shop/cart.py')"
cat > 'shop/cart.py' <<'ACS_EOF'
class Cart:
    def __init__(self):
        self.items = []

    def add(self, name, price, qty=1):
        self.items.append((name, price, qty))

    def total(self):
        # Bug under test: ignores the quantity.
        return sum(price for _, price, _ in self.items)

    def remove(self, name):
        self.items = [i for i in self.items if i[0] != name]


def discount(total, percent):
    if percent > 100:
        raise ValueError("percent must be <= 100")
    return round(total * (100 - percent) / 100, 2)
ACS_EOF
mkdir -p "$(dirname 'tests/test_cart.py')"
cat > 'tests/test_cart.py' <<'ACS_EOF'
import pytest

from shop.cart import Cart, discount


def test_empty_total():
    assert Cart().total() == 0


def test_total_uses_quantity():
    cart = Cart()
    cart.add("apple", 2.0, qty=3)
    assert cart.total() == 6.0


class TestDiscount:
    def test_half(self):
        assert discount(10, 50) == 5

    def test_over_hundred_is_clamped(self):
        assert discount(10, 150) == 0

    @pytest.mark.parametrize("total,percent,expected", [(100, 10, 90), (100, 0, 99)])
    def test_table(self, total, percent, expected):
        assert discount(total, percent) == expected
ACS_EOF
python3 -m pytest > "$OUT/pytest.log" 2>&1   # exit 1
python3 -m pytest -v > "$OUT/pytest-verbose.log" 2>&1   # exit 1
mkdir -p tests && cat > tests/test_orders.py <<'ACS_EOF'
from shop.orders import Order


def test_order():
    assert Order().lines == []
ACS_EOF
python3 -m pytest > "$OUT/pytest-collection-error.log" 2>&1   # exit 2

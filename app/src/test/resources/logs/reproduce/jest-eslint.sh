#!/bin/sh
# Re-creates the scratch project and re-runs the failing build that produced the logs named below.
# Writes into a fresh temporary directory; OUT is where the logs go (default: current directory).
set -u
OUT="${OUT:-$PWD}"
HERE="$(cd "$(dirname "$0")" && pwd)"
W="$(mktemp -d)"
cd "$W"
cat > package.json <<'ACS_EOF'
{
  "name": "eco-js",
  "version": "1.0.0",
  "private": true,
  "scripts": { "test": "jest", "lint": "eslint src" }
}
ACS_EOF
npm install --no-audit --no-fund --save-dev jest@29 eslint@9 @eslint/js@9
mkdir -p "$(dirname 'src/price.js')"
cat > 'src/price.js' <<'ACS_EOF'
function addTax(amount, rate) {
  // Bug under test: rate is a percentage but is used as a fraction.
  return amount + amount * rate;
}

function formatPrice(cents) {
  return "$" + (cents / 100).toFixed(2);
}

function parseQuantity(text) {
  const n = parseInt(text);
  if (isNaN(n)) {
    throw new Error("not a number: " + text);
  }
  return n;
}

module.exports = { addTax, formatPrice, parseQuantity };
ACS_EOF
mkdir -p "$(dirname 'src/price.test.js')"
cat > 'src/price.test.js' <<'ACS_EOF'
const { addTax, formatPrice, parseQuantity } = require("./price");

describe("addTax", () => {
  test("adds 20 percent", () => {
    expect(addTax(100, 20)).toBe(120);
  });

  test("zero rate keeps the amount", () => {
    expect(addTax(100, 0)).toBe(100);
  });
});

describe("formatPrice", () => {
  test("formats cents", () => {
    expect(formatPrice(1999)).toBe("$19.99");
  });

  describe("negative", () => {
    test("puts the sign first", () => {
      expect(formatPrice(-250)).toBe("-$2.50");
    });
  });
});

test("parseQuantity rejects words", () => {
  expect(parseQuantity("three")).toBe(3);
});
ACS_EOF
mkdir -p "$(dirname 'src/cart.test.js')"
cat > 'src/cart.test.js' <<'ACS_EOF'
const { formatPrice } = require("./price");

test("cart total is formatted", () => {
  expect(formatPrice(500)).toEqual("$5.00");
});
ACS_EOF
CI=true npm test > "$OUT/jest.log" 2>&1   # exit 1
cat > src/broken.test.js <<'ACS_EOF'
const { missing } = require("./does-not-exist");

test("never runs", () => {
  expect(missing()).toBe(1);
});
ACS_EOF
CI=true npm test > "$OUT/jest-suite-failed.log" 2>&1   # exit 1
rm src/broken.test.js
mkdir -p "$(dirname 'eslint.config.js')"
cat > 'eslint.config.js' <<'ACS_EOF'
const js = require("@eslint/js");

module.exports = [
  js.configs.recommended,
  {
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
    rules: { eqeqeq: "error", "no-var": "warn" },
  },
  { ignores: ["**/*.test.js"] },
];
ACS_EOF
mkdir -p "$(dirname 'src/legacy.js')"
cat > 'src/legacy.js' <<'ACS_EOF'
var unused = 1;

function compare(a, b) {
  if (a == b) {
    return tru;
  }
  return false;
}

module.exports = { compare };
ACS_EOF
CI=true npm run lint > "$OUT/eslint.log" 2>&1   # exit 1

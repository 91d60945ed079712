#!/bin/sh
# Re-creates the scratch project and re-runs the failing build that produced the logs named below.
# Writes into a fresh temporary directory; OUT is where the logs go (default: current directory).
set -u
OUT="${OUT:-$PWD}"
HERE="$(cd "$(dirname "$0")" && pwd)"
W="$(mktemp -d)"
cd "$W"
mkdir -p "$(dirname 'go.mod')"
cat > 'go.mod' <<'ACS_EOF'
module example.com/calc

go 1.19
ACS_EOF
mkdir -p "$(dirname 'calc/calc.go')"
cat > 'calc/calc.go' <<'ACS_EOF'
package calc

// Add returns the sum; the off-by-one is the bug the tests catch.
func Add(a, b int) int {
	return a + b + 1
}

// Div divides; it panics on zero like integer division does.
func Div(a, b int) int {
	return a / b
}
ACS_EOF
mkdir -p "$(dirname 'calc/calc_test.go')"
cat > 'calc/calc_test.go' <<'ACS_EOF'
package calc

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(2, 3); got != 5 {
		t.Errorf("Add(2, 3) = %d, want 5", got)
	}
}

func TestAddTable(t *testing.T) {
	cases := []struct{ name string; a, b, want int }{
		{"zero", 0, 0, 0},
		{"positive", 1, 2, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Add(c.a, c.b); got != c.want {
				t.Fatalf("Add(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
			}
		})
	}
}

func TestDiv(t *testing.T) {
	if got := Div(6, 3); got != 2 {
		t.Errorf("Div(6, 3) = %d", got)
	}
}

func TestDivByZero(t *testing.T) {
	Div(1, 0)
}
ACS_EOF
go test ./... > "$OUT/go-test.log" 2>&1   # exit 1
mkdir -p "$(dirname 'broken/broken.go')"
cat > 'broken/broken.go' <<'ACS_EOF'
package broken

// Twice doubles n.
func Twice(n int) int {
	return n * factor
}

// Name returns a constant name.
func Name() string {
	return 42
}
ACS_EOF
mkdir -p "$(dirname 'broken/broken_test.go')"
cat > 'broken/broken_test.go' <<'ACS_EOF'
package broken

import "testing"

func TestTwice(t *testing.T) {
	if Twice(2) != 4 {
		t.Fail()
	}
}
ACS_EOF
go test ./... > "$OUT/go-test-build-failed.log" 2>&1   # exit 2

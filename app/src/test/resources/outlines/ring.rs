//! A fixed-capacity ring buffer.

use std::fmt;
use std::ops::Index;

/// A queue that overwrites its oldest element when full.
///
/// Capacity is fixed at construction.
#[derive(Debug, Clone)]
pub struct Ring<T> {
    items: Vec<Option<T>>,
    head: usize,
    len: usize,
}

/// Errors from [`Ring`] operations.
#[derive(Debug, PartialEq, Eq)]
pub enum RingError {
    /// The capacity given was zero.
    ZeroCapacity,
    Empty,
}

/// Something that can be drained in order.
pub trait Drain<T> {
    /// Removes and returns every element, oldest first.
    fn drain_all(&mut self) -> Vec<T>;

    /// True when nothing is left.
    fn is_drained(&self) -> bool {
        false
    }
}

impl<T> Ring<T> {
    /// Creates an empty ring holding at most `capacity` elements.
    pub fn with_capacity(capacity: usize) -> Result<Self, RingError> {
        if capacity == 0 {
            return Err(RingError::ZeroCapacity);
        }
        Ok(Ring { items: (0..capacity).map(|_| None).collect(), head: 0, len: 0 })
    }

    /// Adds an element, returning the one it displaced, if any.
    pub fn push(&mut self, value: T) -> Option<T> {
        let cap = self.items.len();
        let slot = (self.head + self.len) % cap;
        let old = self.items[slot].replace(value);
        if self.len == cap {
            self.head = (self.head + 1) % cap;
        } else {
            self.len += 1;
        }
        old
    }

    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let v = self.items[self.head].take();
        self.head = (self.head + 1) % self.items.len();
        self.len -= 1;
        v
    }

    fn capacity(&self) -> usize {
        self.items.len()
    }
}

impl<T> Drain<T> for Ring<T> {
    fn drain_all(&mut self) -> Vec<T> {
        let mut out = Vec::with_capacity(self.len);
        while let Some(v) = self.pop() {
            out.push(v);
        }
        out
    }
}

impl<T: fmt::Display> fmt::Display for Ring<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ring({})", self.len)
    }
}

impl<T> Index<usize> for Ring<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        self.items[(self.head + i) % self.items.len()].as_ref().expect("in range")
    }
}

/// Shorthand for rings of bytes.
pub type ByteRing = Ring<u8>;

/// Builds a ring from a list of values.
#[macro_export]
macro_rules! ring {
    ($($x:expr),*) => {{
        let mut r = $crate::Ring::with_capacity(8).unwrap();
        $( r.push($x); )*
        r
    }};
}

/// Async helpers.
pub mod io {
    /// Reads every byte from `src` into a new ring.
    pub async fn read_all(src: &[u8]) -> super::ByteRing {
        let mut r = super::Ring::with_capacity(src.len().max(1)).unwrap();
        for b in src {
            r.push(*b);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overwrites_oldest() {
        let mut r = Ring::with_capacity(2).unwrap();
        r.push(1);
        r.push(2);
        assert_eq!(r.push(3), Some(1));
    }
}

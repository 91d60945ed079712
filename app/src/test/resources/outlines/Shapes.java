package com.example.shapes;

import java.util.List;

/** Plane shapes with an area. */
public sealed interface Shapes permits Shapes.Circle, Shapes.Square {
  /** The area in square units. */
  double area();

  /**
   * A circle.
   *
   * @param radius in units
   */
  record Circle(double radius) implements Shapes {
    @Override
    public double area() {
      return Math.PI * radius * radius;
    }
  }

  /** A square. */
  final class Square implements Shapes {
    private final double side;

    /** A square of the given side. */
    public Square(double side) {
      this.side = side;
    }

    @Override
    public double area() {
      return side * side;
    }

    private void unused() {}
  }

  /** The total area of some shapes. */
  static double total(List<? extends Shapes> shapes) {
    return shapes.stream().mapToDouble(Shapes::area).sum();
  }
}

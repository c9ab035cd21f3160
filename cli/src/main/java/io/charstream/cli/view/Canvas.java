package io.charstream.cli.view;

import java.util.List;

/** The few drawing operations a chart needs, so one drawing serves both SVG and PNG. */
interface Canvas {
  enum Anchor { START, MIDDLE, END }

  void line(double x1, double y1, double x2, double y2, String color, double width);

  void polyline(List<double[]> points, String color, double width);

  void dot(double x, double y, double radius, String color);

  void text(double x, double y, String text, Anchor anchor, int size, String color);
}

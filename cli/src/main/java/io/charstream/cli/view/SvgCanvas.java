package io.charstream.cli.view;

import java.util.List;
import java.util.Locale;

/** Draws into an SVG document. */
final class SvgCanvas implements Canvas {
  private final StringBuilder svg = new StringBuilder();
  private final int width;
  private final int height;

  SvgCanvas(int width, int height) {
    this.width = width;
    this.height = height;
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String color, double strokeWidth) {
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
        x1, y1, x2, y2, color, strokeWidth));
  }

  @Override
  public void polyline(List<double[]> points, String color, double strokeWidth) {
    StringBuilder coordinates = new StringBuilder();
    for (double[] p : points) {
      coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", p[0], p[1]));
    }
    svg.append(String.format(Locale.ROOT,
        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
        coordinates.toString().trim(), color, strokeWidth));
  }

  @Override
  public void dot(double x, double y, double radius, String color) {
    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>%n",
        x, y, radius, color));
  }

  @Override
  public void text(double x, double y, String text, Anchor anchor, int size, String color) {
    String textAnchor = switch (anchor) {
      case START -> "start";
      case MIDDLE -> "middle";
      case END -> "end";
    };
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-family=\"sans-serif\" font-size=\"%d\" fill=\"%s\">%s</text>%n",
        x, y, textAnchor, size, color, escape(text)));
  }

  String document() {
    return String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n"
        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", width, height, width, height) + svg + "</svg>\n";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

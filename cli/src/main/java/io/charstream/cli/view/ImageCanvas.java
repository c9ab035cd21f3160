package io.charstream.cli.view;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Draws into an image with Java2D (headless), for PNG. */
final class ImageCanvas implements Canvas {
  private final BufferedImage image;
  private final Graphics2D graphics;

  ImageCanvas(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    graphics = image.createGraphics();
    graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, width, height);
  }

  @Override
  public void line(double x1, double y1, double x2, double y2, String color, double width) {
    graphics.setColor(Color.decode(color));
    graphics.setStroke(new BasicStroke((float) width));
    graphics.draw(new Line2D.Double(x1, y1, x2, y2));
  }

  @Override
  public void polyline(List<double[]> points, String color, double width) {
    Path2D.Double path = new Path2D.Double();
    for (int i = 0; i < points.size(); i++) {
      if (i == 0) {
        path.moveTo(points.get(i)[0], points.get(i)[1]);
      } else {
        path.lineTo(points.get(i)[0], points.get(i)[1]);
      }
    }
    graphics.setColor(Color.decode(color));
    graphics.setStroke(new BasicStroke((float) width));
    graphics.draw(path);
  }

  @Override
  public void dot(double x, double y, double radius, String color) {
    graphics.setColor(Color.decode(color));
    graphics.fill(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
  }

  @Override
  public void text(double x, double y, String text, Anchor anchor, int size, String color) {
    graphics.setColor(Color.decode(color));
    graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    int textWidth = graphics.getFontMetrics().stringWidth(text);
    double left = switch (anchor) {
      case START -> x;
      case MIDDLE -> x - textWidth / 2.0;
      case END -> x - textWidth;
    };
    graphics.drawString(text, (float) left, (float) y);
  }

  BufferedImage image() {
    graphics.dispose();
    return image;
  }
}

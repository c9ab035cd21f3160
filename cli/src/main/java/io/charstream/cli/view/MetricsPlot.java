package io.charstream.cli.view;

import io.charstream.events.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.imageio.ImageIO;

/** The loss and accuracy curves as a picture: SVG or PNG, chosen by the file's extension. */
public final class MetricsPlot {
  private static final int WIDTH = 960;
  private static final int HEIGHT = 420;
  private static final int PANEL = WIDTH / 2;
  private static final int MARGIN_LEFT = 64;
  private static final int MARGIN_RIGHT = 24;
  private static final int MARGIN_TOP = 48;
  private static final int MARGIN_BOTTOM = 56;
  private static final String TRAIN = "#1f77b4";
  private static final String VALIDATION = "#ff7f0e";
  private static final String INK = "#333333";
  private static final String GRID = "#dddddd";

  private MetricsPlot() {}

  /** @throws IllegalArgumentException when the file name ends in neither .svg nor .png */
  public static void write(List<EpochMetrics> epochs, String title, Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".svg")) {
      SvgCanvas canvas = new SvgCanvas(WIDTH, HEIGHT);
      draw(canvas, epochs, title);
      Files.writeString(file, canvas.document(), StandardCharsets.UTF_8);
    } else if (name.endsWith(".png")) {
      System.setProperty("java.awt.headless", "true");
      ImageCanvas canvas = new ImageCanvas(WIDTH, HEIGHT);
      draw(canvas, epochs, title);
      ImageIO.write(canvas.image(), "png", file.toFile());
    } else {
      throw new IllegalArgumentException("the plot file must end in .svg or .png: " + file);
    }
  }

  static void draw(Canvas canvas, List<EpochMetrics> epochs, String title) {
    canvas.text(WIDTH / 2.0, 24, title, Canvas.Anchor.MIDDLE, 16, INK);
    panel(canvas, 0, epochs, "loss (nats per character)", EpochMetrics::getTrainLoss,
        EpochMetrics::getValidationLoss, "loss", "val_loss");
    panel(canvas, PANEL, epochs, "accuracy", EpochMetrics::getTrainAccuracy, EpochMetrics::getValidationAccuracy,
        "accuracy", "val_accuracy");
  }

  private static void panel(Canvas canvas, int left, List<EpochMetrics> epochs, String label,
      Function<EpochMetrics, Double> train, Function<EpochMetrics, Double> validation, String trainName,
      String validationName) {
    double x0 = left + MARGIN_LEFT;
    double x1 = left + PANEL - MARGIN_RIGHT;
    double y0 = HEIGHT - MARGIN_BOTTOM;
    double y1 = MARGIN_TOP;
    double low = Double.MAX_VALUE;
    double high = -Double.MAX_VALUE;
    for (EpochMetrics m : epochs) {
      for (Double value : new Double[] {train.apply(m), validation.apply(m)}) {
        if (value != null) {
          low = Math.min(low, value);
          high = Math.max(high, value);
        }
      }
    }
    if (!(high > low)) {
      low = epochs.isEmpty() ? 0 : low - 0.5;
      high = low + 1;
    }
    int first = epochs.isEmpty() ? 1 : epochs.get(0).getEpoch();
    int last = epochs.isEmpty() ? 1 : Math.max(first + 1, epochs.get(epochs.size() - 1).getEpoch());
    double lowY = low;
    double highY = high;
    Function<Double, Double> yOf = v -> y0 - (v - lowY) / (highY - lowY) * (y0 - y1);
    Function<Integer, Double> xOf = e -> x0 + (e - first) * (x1 - x0) / (last - first);

    for (int t = 0; t <= 4; t++) {
      double value = low + t * (high - low) / 4;
      double y = yOf.apply(value);
      canvas.line(x0, y, x1, y, GRID, 1);
      canvas.text(x0 - 6, y + 4, String.format(Locale.ROOT, "%.3f", value), Canvas.Anchor.END, 11, INK);
    }
    int step = Math.max(1, (int) Math.ceil((last - first) / 8.0));
    for (int e = first; e <= last; e += step) {
      canvas.text(xOf.apply(e), y0 + 18, Integer.toString(e), Canvas.Anchor.MIDDLE, 11, INK);
    }
    canvas.line(x0, y0, x1, y0, INK, 1);
    canvas.line(x0, y0, x0, y1, INK, 1);
    canvas.text((x0 + x1) / 2, HEIGHT - 14, "epoch", Canvas.Anchor.MIDDLE, 12, INK);
    canvas.text(x0, y1 - 10, label, Canvas.Anchor.START, 13, INK);
    series(canvas, epochs, train, xOf, yOf, TRAIN);
    series(canvas, epochs, validation, xOf, yOf, VALIDATION);
    canvas.line(x1 - 150, y1 - 14, x1 - 134, y1 - 14, TRAIN, 2);
    canvas.text(x1 - 130, y1 - 10, trainName, Canvas.Anchor.START, 11, INK);
    canvas.line(x1 - 70, y1 - 14, x1 - 54, y1 - 14, VALIDATION, 2);
    canvas.text(x1 - 50, y1 - 10, validationName, Canvas.Anchor.START, 11, INK);
  }

  private static void series(Canvas canvas, List<EpochMetrics> epochs, Function<EpochMetrics, Double> value,
      Function<Integer, Double> xOf, Function<Double, Double> yOf, String color) {
    List<double[]> points = new ArrayList<>();
    for (EpochMetrics m : epochs) {
      Double v = value.apply(m);
      if (v != null) {
        points.add(new double[] {xOf.apply(m.getEpoch()), yOf.apply(v)});
      }
    }
    if (points.size() > 1) {
      canvas.polyline(points, color, 2);
    }
    points.forEach(p -> canvas.dot(p[0], p[1], 3, color));
  }
}

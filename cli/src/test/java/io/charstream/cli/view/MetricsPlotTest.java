package io.charstream.cli.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsPlotTest {
  @TempDir
  Path dir;

  @Test
  void anSvgHasOneCurveOfEveryPointPerSeries() throws Exception {
    Path file = dir.resolve("curves.svg");
    MetricsPlot.write(ViewTestData.falling(6), "model m", file);
    String svg = Files.readString(file);

    assertThat(svg).startsWith("<svg").contains("model m", "loss (nats per character)", "accuracy", "val_loss");
    Matcher polylines = Pattern.compile("<polyline points=\"([^\"]*)\"").matcher(svg);
    int curves = 0;
    while (polylines.find()) {
      assertThat(polylines.group(1).split(" ")).hasSize(6);
      curves++;
    }
    assertThat(curves).as("loss, val_loss, accuracy, val_accuracy").isEqualTo(4);
  }

  @Test
  void aPngIsAPicture() throws Exception {
    Path file = dir.resolve("curves.png");
    MetricsPlot.write(ViewTestData.falling(6), "model m", file);
    BufferedImage image = ImageIO.read(file.toFile());

    assertThat(image.getWidth()).isEqualTo(960);
    assertThat(image.getHeight()).isEqualTo(420);
    boolean coloured = false;
    for (int x = 0; x < image.getWidth() && !coloured; x++) {
      for (int y = 0; y < image.getHeight() && !coloured; y++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        coloured = rgb == 0x1f77b4;
      }
    }
    assertThat(coloured).as("the training curve's colour is drawn").isTrue();
  }

  @Test
  void anyOtherExtensionIsRefused() {
    assertThatThrownBy(() -> MetricsPlot.write(ViewTestData.falling(2), "m", dir.resolve("curves.txt")))
        .hasMessageContaining(".svg or .png");
  }
}

package io.charstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.charstream.cli.kafka.TextPublisher;
import io.charstream.dashboard.DashboardService;
import io.charstream.dashboard.DashboardSettings;
import io.charstream.events.EpochMetrics;
import io.charstream.events.Generation;
import io.charstream.schemas.Topics;
import io.charstream.service.CommonSettings;
import io.charstream.service.Config;
import io.charstream.service.Service;
import io.charstream.service.ServiceNames;
import io.charstream.service.TopicReader;
import io.charstream.testing.Eventually;
import io.charstream.testing.SeedText;
import io.charstream.testing.TestKafka;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real browser (headless Chromium, Debian's chromium and chromium-driver
 * packages; elsewhere CHARSTREAM_CHROMIUM and CHARSTREAM_CHROMEDRIVER name them) against the whole
 * pipeline on the embedded broker: the page is open before training starts, each epoch the trainer
 * publishes appears on the chart, and a prompt typed into the box streams its continuation in
 * pieces that end as the generator's answer.
 */
class DashboardBrowserIT {
  private static final Logger log = LoggerFactory.getLogger(DashboardBrowserIT.class);
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHARSTREAM_CHROMIUM", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getenv().getOrDefault("CHARSTREAM_CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final int EPOCHS = 4;
  private static final int CHARS = 2000;

  @Test
  void showsEpochsAsTheTrainerPublishesThemAndStreamsAPromptsContinuation() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Chromium and its driver (apt-get install chromium chromium-driver)");
    Map<String, String> settings = new HashMap<>(SeedText.SETTINGS);
    settings.put("max.epochs", Integer.toString(EPOCHS));
    settings.put(DashboardSettings.PORT.key(), Integer.toString(freePort()));
    settings.put("generator.stream.interval.ms", "1");
    settings.put("generator.max.chars", Integer.toString(CHARS));
    settings.put(DashboardSettings.MAX_CHARS.key(), Integer.toString(CHARS));
    Config config = TestKafka.config(TestKafka.uniquePrefix("dashboard"), settings);
    CommonSettings common = CommonSettings.from(config);
    Topics topics = common.topics();

    List<Service> pipeline = new ArrayList<>();
    ChromeDriver browser = null;
    try (DashboardService dashboard = new DashboardService(DashboardSettings.from(config))) {
      dashboard.start();
      browser = chromium();
      browser.get(dashboard.url());
      JavascriptExecutor page = browser;
      ChromeDriver open = browser;
      Eventually.await("the page live", Duration.ofSeconds(30),
          () -> open.findElement(By.id("connection")).getText(), "live"::equals);

      for (String name : ServiceNames.ALL) {
        Service service = Services.create(name, config);
        pipeline.add(service);
        service.start();
      }
      TextPublisher.publish(common, "seed", SeedText.TEXT.getBytes(StandardCharsets.UTF_8), 64 * 1024);

      Eventually.await("every epoch on the page", Duration.ofMinutes(5),
          () -> ((Number) page.executeScript("return window.charstream.charts.loss.data[0].length")).intValue(),
          points -> points >= EPOCHS);
      List<EpochMetrics> published = epochs(common);
      assertThat(published).hasSize(EPOCHS);
      for (EpochMetrics epoch : published) {
        Number drawn = (Number) page.executeScript(
            "return window.charstream.charts.loss.data[1][arguments[0]]", epoch.getEpoch() - 1);
        assertThat(drawn.doubleValue()).as("epoch %d's training loss on the chart", epoch.getEpoch())
            .isCloseTo(epoch.getTrainLoss(), org.assertj.core.data.Offset.offset(1e-9));
      }
      @SuppressWarnings("unchecked")
      Map<String, Number> latencies = (Map<String, Number>) page.executeScript("return window.charstream.latenciesMs");
      assertThat(latencies).as("epochs drawn live, each after it was published").hasSize(EPOCHS);
      assertThat(latencies.values()).allSatisfy(ms -> assertThat(ms.longValue()).isNotNegative());
      writeLatencies(latencies);
      Eventually.await("the best version marked", Duration.ofSeconds(30),
          () -> open.findElements(By.cssSelector("#versions tr.best")).size(), n -> n == 1);

      WebElement prompt = browser.findElement(By.id("prompt"));
      prompt.clear();
      prompt.sendKeys("The river");
      WebElement chars = browser.findElement(By.id("chars"));
      chars.clear();
      chars.sendKeys(Integer.toString(CHARS));
      browser.findElement(By.id("generate")).click();
      WebElement output = browser.findElement(By.id("output"));
      Eventually.await("the continuation finished", Duration.ofMinutes(2), () -> output.getAttribute("data-state"),
          state -> state.equals("done") || state.equals("error"));
      assertThat(output.getAttribute("data-state")).as("the page says: %s",
          browser.findElement(By.id("answer-info")).getText()).isEqualTo("done");
      int pieces = Integer.parseInt(output.getAttribute("data-pieces"));
      assertThat(pieces).as("streamed in pieces").isGreaterThan(1);
      String shown = (String) page.executeScript("return document.getElementById('continuation').textContent");
      String requestId = (String) page.executeScript("return window.charstream.lastRequestId");
      assertThat(shown).as("the pieces add up to the answer").isEqualTo(answer(common, requestId).getText());
      assertThat(shown).hasSize(CHARS);
      log.info("continuation of {} characters shown in {} pieces", shown.length(), pieces);

      Path screenshot = Path.of("target", "dashboard.png");
      Files.createDirectories(screenshot.getParent());
      Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
      log.info("screenshot: {}", screenshot.toAbsolutePath());
    } finally {
      if (browser != null) {
        browser.quit();
      }
      for (Service service : pipeline) {
        service.close();
      }
    }
  }

  private static ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1150");
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(driver, options);
  }

  private static List<EpochMetrics> epochs(CommonSettings common) {
    List<EpochMetrics> epochs = new ArrayList<>();
    try (TopicReader<String, EpochMetrics> reader = TopicReader.fromBeginning(common.kafka(),
        common.topics().trainingMetrics, "test")) {
      reader.readToCurrentEnd(record -> epochs.add(record.value()));
    }
    return epochs;
  }

  private static Generation answer(CommonSettings common, String requestId) {
    try (TopicReader<String, Generation> reader = TopicReader.fromBeginning(common.kafka(),
        common.topics().generations, "test")) {
      List<Generation> answers = new ArrayList<>();
      reader.readToCurrentEnd(record -> {
        if (requestId.equals(record.key())) {
          answers.add(record.value());
        }
      });
      assertThat(answers).as("answers to %s", requestId).hasSize(1);
      return answers.get(0);
    }
  }

  /** From the trainer's publishing an epoch to its point on the page, per epoch: a figure for the README, not a test. */
  private static void writeLatencies(Map<String, Number> latencies) throws IOException {
    StringBuilder text = new StringBuilder("epoch\tms from the metrics event's timestamp to its point drawn\n");
    latencies.forEach((epoch, ms) -> text.append(epoch).append('\t').append(ms).append('\n'));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "dashboard-latency.tsv"), text);
    log.info("epoch to chart, ms: {}", latencies);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.tidemark.gateway.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType.LaunchOptions;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Request;
import io.tidemark.gateway.sdk.TopicReader.Envelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real headless Chromium on a page whose origin differs from the gateway's: what a web site does
 * when it sends events to its own Tidemark. Every send is cross-origin, so the gateway's CORS
 * answers decide whether the browser lets the page send and read the result.
 */
class BrowserSdkTest {
  /** Debian's Chromium; browser downloads are not possible here (.ci/run installs the package). */
  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");

  @TempDir static Path dir;
  private static GatewayFixture fixture;
  private static PageServer site;
  private static Playwright playwright;
  private static Browser browser;
  private Page page;
  private final List<String> consoleErrors = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    assertThat(Files.isExecutable(CHROMIUM)).as(CHROMIUM + " (apt-get install chromium)").isTrue();
    Path analyticsNext = NodePackages.installed().resolve("node_modules/@segment/analytics-next/dist/umd");
    fixture = GatewayFixture.start(dir);
    site = new PageServer().mount("ajs", analyticsNext);
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new LaunchOptions().setExecutablePath(CHROMIUM).setArgs(List.of(
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
        // Loopback only: analytics-next would otherwise post its own metrics to Segment's servers.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost")));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (site != null) {
      site.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @BeforeEach
  void openPage() {
    page = browser.newPage();
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) {
        consoleErrors.add(m.text());
      }
    });
  }

  @AfterEach
  void closePage() {
    page.close();
  }

  /**
   * {@code fetch} with {@code Authorization: Basic} and {@code application/json} is preflighted; the
   * page can read the 200 only if the gateway answered the preflight and the POST with CORS headers.
   */
  @Test
  void fetchFromAnotherOriginPassesThePreflightAndReadsThe200() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String messageId = "fetch-" + run;
    page.navigate(site.origin() + "/browser-page.html");

    JsonNode result = JsonResults.of(page.evaluate("args => window.sendWithFetch(args)", Map.of(
        "gateway", fixture.url(), "writeKey", GatewayFixture.WRITE_KEY, "messageId", messageId, "run", run)));

    assertThat(result.path("status").asInt()).as("what the page saw: " + result + ", console " + consoleErrors)
        .isEqualTo(200);
    JsonNode answer = JsonResults.parse(result.path("body").asText());
    assertThat(answer.path("accepted").asInt()).as("the body the page read: " + answer).isEqualTo(1);
    assertThat(answer.path("rejected")).as("the body the page read: " + answer).isEmpty();
    JsonNode envelope = awaitOne(messageId).json();
    assertThat(envelope.path("event").asText()).isEqualTo("Button Clicked");
    assertThat(envelope.at("/properties/via").asText()).isEqualTo("fetch");
    assertThat(envelope.at("/properties/run").asText()).isEqualTo(run);
    assertThat(envelope.path("source").asText()).isEqualTo(GatewayFixture.SOURCE);
  }

  /** {@code navigator.sendBeacon}: text/plain, no Authorization, the write key in the body. */
  @Test
  void beaconWithTheWriteKeyInTheBodyArrives() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String messageId = "beacon-" + run;
    page.navigate(site.origin() + "/browser-page.html");

    Object queued = page.evaluate("args => window.sendWithBeacon(args)", Map.of(
        "gateway", fixture.url(), "writeKey", GatewayFixture.WRITE_KEY, "messageId", messageId, "run", run));

    assertThat(queued).as("the browser accepted the beacon").isEqualTo(true);
    JsonNode envelope = awaitOne(messageId).json();
    assertThat(envelope.at("/properties/via").asText()).isEqualTo("beacon");
    assertThat(envelope.path("source").asText()).isEqualTo(GatewayFixture.SOURCE);
    assertThat(envelope.at("/context/userAgent").asText()).contains("Chrome");
  }

  /**
   * The real analytics-next build: it fetches its settings from the gateway cross-origin, learns
   * from them to send to the gateway over http, and posts each event as text/plain with Basic auth,
   * preflighted every time.
   */
  @Test
  void analyticsNextLoadsItsSettingsFromTheGatewayAndDeliversThroughIt() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> sends = new CopyOnWriteArrayList<>();
    page.onRequestFinished(r -> record(r, sends));
    page.onRequestFailed(r -> sends.add("FAILED " + r.method() + " " + r.url() + " " + r.failure()));
    page.navigate(site.origin() + "/ajs/analytics-next-page.html");

    JsonNode sent = JsonResults.of(page.evaluate("args => window.sendWithAnalyticsNext(args)", Map.of(
        "gateway", fixture.url(), "writeKey", GatewayFixture.WRITE_KEY, "run", run)));

    assertThat(sent).as("messageIds analytics-next generated; console " + consoleErrors).hasSize(3);
    try (TopicReader reader = fixture.events()) {
      List<String> ids = java.util.stream.StreamSupport.stream(sent.spliterator(), false)
          .map(n -> n.path("messageId").asText()).toList();
      Map<String, Envelope> found = reader.awaitMessageIds(ids, Duration.ofSeconds(20));
      assertThat(found.keySet()).as("requests the page made: " + sends + ", console " + consoleErrors)
          .containsExactlyInAnyOrderElementsOf(ids);
      assertThat(found.get(ids.get(0)).json().at("/properties/position").asInt()).isEqualTo(12);
      assertThat(found.get(ids.get(0)).json().at("/context/library/name").asText()).isEqualTo("analytics.js");
      assertThat(found.values()).allSatisfy(e -> assertThat(e.json().at("/context/page/url").asText())
          .startsWith(site.origin()));
    }
    assertThat(sends).as("every request the page made to the gateway")
        .filteredOn(s -> s.contains(fixture.url())).isNotEmpty().allMatch(s -> s.matches("2\\d\\d .*"));
    // Playwright for Java delivers page events only inside its own calls: wait in one for the POSTs.
    page.waitForCondition(() -> sends.stream().filter(s -> s.contains(" POST " + fixture.url())).count() >= 3,
        new Page.WaitForConditionOptions().setTimeout(10_000));
    System.out.println("analytics-next requests: " + sends);
    assertThat(sends).as("analytics-next fetched its settings from the gateway")
        .anyMatch(s -> s.contains(fixture.url() + "/v1/projects/" + GatewayFixture.WRITE_KEY + "/settings"));
    assertThat(sends).as("analytics-next posted its events to the gateway's short routes")
        .anyMatch(s -> s.startsWith("200 POST " + fixture.url() + "/v1/t"))
        .anyMatch(s -> s.startsWith("200 POST " + fixture.url() + "/v1/p"))
        .anyMatch(s -> s.startsWith("200 POST " + fixture.url() + "/v1/i"));
  }

  private static void record(Request request, List<String> sends) {
    var response = request.response();
    sends.add((response == null ? "no-response" : String.valueOf(response.status())) + " " + request.method() + " "
        + request.url());
  }

  private Envelope awaitOne(String messageId) {
    try (TopicReader reader = fixture.events()) {
      Map<String, Envelope> found = reader.awaitMessageIds(List.of(messageId), Duration.ofSeconds(20));
      assertThat(found).as("envelope " + messageId + " in the topic; console " + consoleErrors).containsKey(messageId);
      return found.get(messageId);
    }
  }
}

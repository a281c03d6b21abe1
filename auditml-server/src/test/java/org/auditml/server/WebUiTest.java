package org.auditml.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.auditml.service.AnalysisRequest;
import org.auditml.service.AuditmlService;
import org.auditml.service.IngestListener;
import org.auditml.testkit.DemoFleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in Debian's headless Chromium over the demo fortnight analysed with the built-in hosts module (the count
 * job re-run with its model plot on): the critical xxprimef anomaly heads the explorer's table, its swim-lane cell
 * narrows the table to it, the rare and model-bounds charts are drawn, and the jobs page lists the jobs. Each page's
 * screenshot is kept under target/screenshots. The rare chart reads /api/events.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String RARE_JOB = "hosts_rare_process_activity_ecs";
    private static final String COUNT_JOB = "hosts_high_count_process_events_ecs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SHOTS = Path.of(System.getProperty("basedir", "auditml-server"), "target", "screenshots");

    @TempDir
    static Path dir;
    static AuditmlService service;
    static MlServer server;
    static ChromeDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "1".equals(System.getenv("AUDITML_REQUIRE_SHARED"))) {
            throw new IllegalStateException("the browser tests need /usr/bin/chromium and /usr/bin/chromedriver "
                    + "(apt-get install chromium chromium-driver; scripts/test does it as root)");
        }
        Assumptions.assumeTrue(present, "WebUiTest skipped: no /usr/bin/chromium or /usr/bin/chromedriver "
                + "(apt-get install chromium chromium-driver)");
        DemoFleet.Written fleet = DemoFleet.write(dir, 1);
        service = AuditmlService.open(dir.resolve("ui.duckdb"));
        service.analyze(new AnalysisRequest(List.of(fleet.rawLog()), List.of("auditbeat_process_hosts_ecs"), List.of(), "",
                null, null, "localhost"), IngestListener.NONE);
        server = MlServer.start(service, ServerOptions.local(0));
        rerunWithModelPlot(COUNT_JOB);
        Files.createDirectories(SHOTS);
        ChromeDriverService chromedriver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1366,900", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        driver = new ChromeDriver(chromedriver, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void explorer_showsTheMinerFirst_andItsCellNarrowsTheTable() throws Exception {
        // the ssh storm's count record scores 96.9 and the miner's 96.7: both show as 97, and equal scores go newest first
        driver.get(base() + "/");
        WebElement top = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.anomalies tr.anomaly")));
        assertThat(top.getText()).contains("/tmp/.cache/xxprimef").contains("web-02");
        assertThat(top.getAttribute("data-severity")).isEqualTo("critical");
        assertThat(top.findElements(By.cssSelector("td.links a"))).extracting(WebElement::getText).contains("Process explorer");
        int all = driver.findElements(By.cssSelector("table.anomalies tr.anomaly")).size();
        assertThat(driver.findElements(By.cssSelector(".swimlane button.cell[data-lane='__overall__']"))).isNotEmpty();
        assertThat(overflow("document.documentElement")).isLessThanOrEqualTo(0L);
        assertThat(overflow("document.querySelector('table.anomalies').parentElement")).isLessThanOrEqualTo(0L);
        shot("explorer");

        long minerBucket = Long.parseLong(top.getAttribute("data-key").split("\\|")[1]);
        WebElement cell = driver.findElements(By.cssSelector(".swimlane button.cell[data-lane='web-02']")).stream()
                .filter(c -> Long.parseLong(c.getAttribute("data-cell")) <= minerBucket)
                .max(Comparator.comparingLong(c -> Long.parseLong(c.getAttribute("data-cell")))).orElseThrow();
        // a view-by cell shows the host's influencer score in it, which is critical too
        assertThat(Integer.parseInt(cell.getAttribute("data-score"))).isBetween(75, (int) Math.round(score(top)));
        cell.click();
        wait.until(ExpectedConditions.urlContains("lane=web-02"));
        wait.until(d -> d.findElement(By.cssSelector(".swimlane button.cell.selected")) != null);
        // the table is drawn again once the selection's results are in: expand the first row of the narrowed table,
        // again if a redraw replaced the row that was expanded
        WebElement details = new WebDriverWait(driver, Duration.ofSeconds(60))
                .ignoring(StaleElementReferenceException.class).until(d -> {
                    List<WebElement> rows = d.findElements(By.cssSelector("table.anomalies tr.anomaly"));
                    if (rows.isEmpty() || rows.size() >= all) {
                        return null;
                    }
                    WebElement expand = rows.get(0).findElement(By.cssSelector("button.expand"));
                    if ("false".equals(expand.getAttribute("aria-expanded"))) {
                        expand.click();
                    }
                    List<WebElement> open = d.findElements(By.cssSelector("tr.details:not([hidden])"));
                    return open.isEmpty() || !open.get(0).isDisplayed() ? null : open.get(0);
                });
        List<WebElement> narrowed = driver.findElements(By.cssSelector("table.anomalies tr.anomaly"));
        assertThat(narrowed.size()).isBetween(1, all - 1);
        assertThat(narrowed.get(0).getText()).contains("/tmp/.cache/xxprimef");
        assertThat(details.getText()).contains("Record JSON").contains("never seen on any of 4 other hosts");
        WebElement lineage = details.findElement(By.cssSelector(".lineage"));
        wait.until(d -> !lineage.getText().isBlank());
        if (hasApi("/api/processes/lineage")) {
            assertThat(lineage.getText()).contains("→ /tmp/.cache/xxprimef (pid ");
        }
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", details);
        shot("explorer-selected");

        // the swim lane is one tab stop, its cells reached with the arrow keys
        WebElement selected = driver.findElement(By.cssSelector(".swimlane button.cell.selected"));
        assertThat(selected.getAttribute("tabindex")).isEqualTo("0");
        selected.sendKeys(Keys.ARROW_UP);
        WebElement above = driver.switchTo().activeElement();
        assertThat(above.getAttribute("data-lane")).isEqualTo("bastion-01");
        above.sendKeys(Keys.ARROW_DOWN);
        assertThat(driver.switchTo().activeElement()).isEqualTo(selected);
    }

    @Test
    @Order(2)
    void rareChart_drawsTheEventsOfTheMinersHost() throws Exception {
        assumeApi("/api/events/_count");
        WebElement chart = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#anomaly-chart[data-kind='rare']")));
        wait.until(d -> chart.findElement(By.id("chart-canvas")).getAttribute("data-drawn") != null
                || chart.getText().contains("not available"));
        assertThat(chart.getText()).doesNotContain("not available").contains("xxprimef");
        shot("rare-chart");
    }

    @Test
    @Order(3)
    void countJob_showsTheActualWithinTheModelBounds() throws Exception {
        driver.get(base() + "/#/explorer");
        driver.navigate().refresh();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("table.anomalies tr.anomaly[data-key^='" + COUNT_JOB + "|']")));
        row.findElement(By.cssSelector("button.link")).click();
        wait.until(ExpectedConditions.urlContains("a=" + COUNT_JOB));
        WebElement chart = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#anomaly-chart[data-kind='metric']")));
        wait.until(d -> chart.findElement(By.id("chart-canvas")).getAttribute("data-drawn") != null
                || chart.getText().contains("not available"));
        assertThat(chart.getText()).contains("model plot of").doesNotContain("not available");
        driver.executeScript("arguments[0].scrollIntoView()", chart);
        shot("model-bounds-chart");
    }

    @Test
    @Order(4)
    void processExplorer_fromTheMinersLink_showsItsArgumentsAndLineage() throws Exception {
        assumeApi("/api/events/_count");
        assumeApi("/api/processes/lineage");
        driver.get(base() + "/");
        WebElement top = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.anomalies tr.anomaly")));
        top.findElement(By.linkText("Process explorer")).click();
        wait.until(ExpectedConditions.urlContains("#/process?"));
        WebElement event = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#events tr.chosen[data-event]")));
        assertThat(driver.findElements(By.cssSelector("#events tr[data-event]"))).hasSizeGreaterThan(1);
        assertThat(event.getText()).contains("/tmp/.cache/xxprimef").contains("-o pool.example.net:3333 --donate-level=1");
        event.findElement(By.xpath(".//button[text()='Lineage']")).click();
        WebElement lineage = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#events .lineage-tree")));
        assertThat(lineage.getText()).contains("xxprimef (pid ");
        wait.until(d -> d.findElement(By.id("occurrence-chart")).getAttribute("data-drawn") != null);
        shot("process-explorer");
    }

    @Test
    @Order(5)
    void processRate_andDataHealth_drawTheHostsEvents() throws Exception {
        assumeApi("/api/hosts");
        driver.get(base() + "/");
        WebElement storm = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("table.anomalies tr.anomaly[data-key^='" + COUNT_JOB + "|']")));
        storm.findElement(By.linkText("Process rate")).click();
        wait.until(ExpectedConditions.urlContains("#/rate?"));
        wait.until(d -> d.findElement(By.id("rate-chart")).getAttribute("data-drawn") != null);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Process rate bastion-01");
        shot("process-rate");
        driver.get(base() + "/#/health");
        wait.until(d -> d.findElement(By.id("health-chart")).getAttribute("data-drawn") != null);
        assertThat(driver.findElement(By.cssSelector("main table")).getText()).contains("web-02").contains("bastion-01");
        // one row per host in the API's order (problems first), each naming its problems
        JsonNode hosts = call("GET", "/api/hosts", null).path("hosts");
        List<WebElement> rows = driver.findElements(By.cssSelector("main table.hosts tbody tr"));
        assertThat(rows).hasSize(hosts.size());
        for (int i = 0; i < rows.size(); i++) {
            List<String> problems = new ArrayList<>();
            hosts.get(i).path("problems").forEach(p -> problems.add(p.asText()));
            assertThat(rows.get(i).getAttribute("data-host")).isEqualTo(hosts.get(i).path("host.name").asText());
            assertThat(rows.get(i).findElement(By.cssSelector("td.problems")).getText()).isEqualTo(String.join(", ", problems));
        }
        shot("data-health");
    }

    @Test
    @Order(6)
    void jobsPage_listsTheJobsWithTheirState() throws Exception {
        driver.get(base() + "/#/jobs");
        WebElement rare = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-job='" + RARE_JOB + "']")));
        assertThat(driver.findElements(By.cssSelector("tr[data-job='" + COUNT_JOB + "']"))).hasSize(1);
        assertThat(rare.getText()).containsPattern("\\d{1,3}(,\\d{3})+");
        WebElement count = driver.findElement(By.cssSelector("tr[data-job='" + COUNT_JOB + "']"));
        count.findElement(By.cssSelector("button[data-action='close']")).click();
        wait.until(d -> d.findElement(By.cssSelector("tr[data-job='" + COUNT_JOB + "'] .state")).getText().equals("closed"));
        assertThat(call("GET", "/_ml/anomaly_detectors/" + COUNT_JOB + "/_stats", null).path("jobs").get(0).path("state").asText())
                .isEqualTo("closed");
        driver.findElement(By.cssSelector("tr[data-job='" + COUNT_JOB + "'] button[data-action='open']")).click();
        wait.until(d -> d.findElement(By.cssSelector("tr[data-job='" + COUNT_JOB + "'] .state")).getText().equals("opened"));
        rare = driver.findElement(By.cssSelector("tr[data-job='" + RARE_JOB + "']"));
        rare.findElement(By.xpath(".//button[text()='JSON']")).click();
        assertThat(driver.findElement(By.xpath("//tr[@data-job='" + RARE_JOB + "']/following-sibling::tr[1]")).getText())
                .contains("\"job_id\": \"" + RARE_JOB + "\"");
        assertThat(overflow("document.documentElement")).isLessThanOrEqualTo(0L);
        shot("jobs");
    }

    @Test
    @Order(6)
    void alertsPage_saysWhenNoAlertsFileIsInPlace() {
        driver.get(base() + "/#/alerts");
        wait.until(d -> d.findElement(By.tagName("h1")).getText().equals("Alerts"));
        assertThat(driver.findElement(By.cssSelector("main p.muted")).getText()).contains("--alerts FILE");
        assertThat(driver.findElements(By.cssSelector("main table th"))).extracting(WebElement::getText)
                .contains("Anomaly time", "Sink", "State", "Attempts", "Last error");
    }

    @Test
    @Order(7)
    void aServerWithAKey_servesThePages_andTheUiAsksForTheKeyOnce() throws Exception {
        try (MlServer guarded = MlServer.start(service, new ServerOptions(ServerOptions.LOCALHOST, 0, "s3cret-key", null, null))) {
            driver.get("http://127.0.0.1:" + guarded.port() + "/#/jobs");
            WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog#api-key input")));
            key.sendKeys("s3cret-key");
            key.submit();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-job='" + RARE_JOB + "']")));
            assertThat(driver.executeScript("return sessionStorage.getItem('auditml.apiKey')")).isEqualTo("s3cret-key");
        }
    }

    @Test
    @Order(8)
    void moduleSetup_withAPrefix_makesJobsThatRun() throws Exception {
        assumeApi("/api/modules");
        driver.get(base() + "/#/setup");
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[data-module='auditbeat_process_hosts_ecs']")));
        form.findElement(By.name("prefix")).sendKeys("ui_");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li[data-job='ui_" + RARE_JOB + "']")));
        shot("module-setup");
        driver.get(base() + "/#/jobs");
        WebElement made = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-job='ui_" + RARE_JOB + "']")));
        assertThat(made.findElement(By.cssSelector(".state")).getText()).isEqualTo("opened");
        assertThat(made.getText()).containsPattern("\\d{1,3}(,\\d{3})+");
    }

    /** The pages that read auditml's /api/ (built beside this UI) are checked where the server has the route. */
    private static void assumeApi(String path) throws Exception {
        Assumptions.assumeTrue(hasApi(path), "skipped: this server has no " + path + " yet");
    }

    private static boolean hasApi(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return !response.body().contains("no handler found");
    }

    /** How far an element's content is wider than the element (the page: how far it scrolls sideways). */
    private static long overflow(String element) {
        return (Long) driver.executeScript("const e = " + element + "; return e.scrollWidth - e.clientWidth");
    }

    private static double score(WebElement row) {
        return Double.parseDouble(row.findElement(By.cssSelector(".badge")).getText());
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static void shot(String name) throws Exception {
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs a job again over the fortnight with model_plot_config on, through the API as a person would. */
    private static void rerunWithModelPlot(String jobId) throws Exception {
        String job = "/_ml/anomaly_detectors/" + jobId;
        call("POST", job + "/_close?force=true", "");
        call("POST", job + "/_update", "{\"model_plot_config\": {\"enabled\": true}}");
        call("POST", job + "/_reset", "");
        call("POST", job + "/_open", "");
        String feed = call("GET", "/_ml/datafeeds", null).path("datafeeds").findParents("job_id").stream()
                .filter(f -> f.path("job_id").asText().equals(jobId)).findFirst().orElseThrow().path("datafeed_id").asText();
        long end = DemoFleet.START + DemoFleet.DAYS * 24 * 3_600_000L;
        call("POST", "/_ml/datafeeds/" + feed + "/_start?start=" + DemoFleet.START + "&end=" + end, "");
    }

    private static JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

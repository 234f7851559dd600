package io.missioncontrol;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.account.Role;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.project.ProjectRepository;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole way through, in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, nothing downloaded): add a project in its dialog, launch a job on the dev
 * cluster from the form, watch the dashboard turn the job's status into COMPLETED by push alone (the
 * page is never reloaded), then open the job from its row and read its log.
 *
 * <p>The poller runs every 5 s here (one more Spring context, so the test does not wait for the
 * 30 s default), and Vaadin's development tools are off (their toolbar would cover the page). It is paused from before the submit until the dashboard shows the job, so the change
 * the test waits for always happens in front of it.
 */
@Tag("browser")
@Tag("cluster")
@TestPropertySource(properties = {"missioncontrol.poll-interval=5s",
        // no Copilot toolbar or dev-mode popover over the page, no usage statistics from the browser
        "vaadin.devmode.devTools.enabled=false", "vaadin.devmode.usageStatistics.enabled=false",
        "vaadin.devmode.liveReload.enabled=false"})
class EndToEndBrowserTest extends SpringIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(EndToEndBrowserTest.class);

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/e2e");

    static final Duration PAGE = Duration.ofSeconds(30);
    static final Duration SUBMIT = Duration.ofSeconds(60);
    static final Duration TO_COMPLETED = Duration.ofSeconds(90);

    static ChromeDriverService service;
    static WebDriver driver;
    static Path profile;

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;
    @Autowired ClusterService clusters;
    @Autowired ClusterGateway gateway;
    @Autowired Scheduler scheduler;

    TrainingRepo repo;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(CHROMIUM).as("Debian's chromium (scripts/test-env.sh installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (scripts/test-env.sh installs it)").isExecutable();
        // the system's driver and browser, named explicitly: Selenium Manager has nothing to look up or download
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Files.createDirectories(SCREENSHOTS);
        profile = Files.createTempDirectory("mc-e2e-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--user-data-dir=" + profile, "--window-size=1600,1000", "--lang=en-US");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE).scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (service != null) {
                service.stop();
                service = null;
            }
            if (profile != null) {
                deleteTree(profile);
            }
        }
    }

    @BeforeEach
    void freshProject() throws SchedulerException {
        scheduler.pauseAll();
        deleteAllRows();
        repo = TrainingRepo.create("e2e-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void cleanUp(TestInfo test) throws SchedulerException {
        try {
            screenshot(test.getTestMethod().orElseThrow().getName());
            List<String> slurmIds = jobs.findAll().stream().map(Job::getSlurmJobId).filter(Objects::nonNull).toList();
            if (!slurmIds.isEmpty()) {
                gateway.cancel(gateway.serviceAccount("dev"), slurmIds);
            }
            // this context stays cached for the rest of the suite: leave its 5 s poller nothing to ask
            deleteAllRows();
        } finally {
            scheduler.resumeAll();
            repo.close();
        }
    }

    @Test
    void aJobLaunchedFromTheFormTurnsCompletedOnTheDashboardWithoutReloadAndShowsItsLog() {
        String projectName = repo.workTree.getFileName().toString();
        String jobName = "e2e-run-" + UUID.randomUUID().toString().substring(0, 6);

        // 0. sign in through the real sign-in page, as a member made by the admin
        signIn("erin", Role.MEMBER);

        // 1. Projects: add the work tree through the dialog
        open("/projects");
        click(By.id("add-project"));
        WebElement path = visible(By.cssSelector("#add-project-path input"));
        path.sendKeys(repo.workTree.toString());
        click(By.id("add-project-submit"));
        wait(PAGE).withMessage("the new project in the projects grid").until(d -> cellWithText("projects-grid",
                projectName) != null);

        // 2. its page, and Launch job from there: the form opens with the project chosen
        cellWithText("projects-grid", projectName).click();
        click(By.xpath("//vaadin-button[normalize-space(.)='Launch job']"));
        wait(PAGE).until(ExpectedConditions.urlContains("/launch?project="));
        wait(PAGE).withMessage("the project preselected").until(d -> projectName.equals(inputValue("launch-project")));

        // 3. the form: a name, cluster dev, partition gpu, 1 GPU
        visible(By.cssSelector("#launch-name input")).sendKeys(jobName, Keys.TAB);
        chooseInComboBox("launch-cluster", "dev");
        wait(PAGE).withMessage("the dev cluster's partitions (read over SSH)")
                .until(d -> selectedLabel("launch-partition").startsWith("gpu"));
        chooseInSelect("launch-partition", "gpu");
        WebElement gpus = visible(By.cssSelector("#launch-gpus-per-node input"));
        gpus.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1", Keys.TAB);
        assertThat(inputValue("launch-name")).isEqualTo(jobName);
        assertThat(inputValue("launch-gpus-per-node")).isEqualTo("1");

        // 4. submit: the portal renders, uploads and sbatches, then shows the job's page
        click(By.id("launch-submit"));
        wait(SUBMIT).withMessage(() -> "the job page after submit; the form says: " + formMessages())
                .until(ExpectedConditions.urlMatches("/jobs/[^/?#]+$"));
        String jobUrl = driver.getCurrentUrl();
        String jobId = jobUrl.substring(jobUrl.lastIndexOf('/') + 1);
        Job job = jobs.findById(jobId).orElseThrow();
        assertThat(job.getName()).isEqualTo(jobName);
        assertThat(job.getSlurmJobId()).as("SLURM's job id").isNotBlank();

        // 5. the dashboard in the same tab, through the side navigation (no page load)
        click(By.xpath("//vaadin-side-nav-item[normalize-space(.)='Dashboard']"));
        wait(PAGE).withMessage("the job's row on the dashboard").until(d -> statusOf(jobName) != null);
        String first = statusOf(jobName);
        assertThat(first).as("the job's status before the poller ran").isNotEqualTo("COMPLETED");
        // a page load would drop this; it must still be there when the row says COMPLETED
        js().executeScript("window.mcEndToEndMarker = arguments[0];", jobId);

        // 6. the poller may now ask SLURM; the row must change by push alone
        resumePoller();
        List<String> seen = new ArrayList<>(List.of(first));
        try {
            wait(TO_COMPLETED).pollingEvery(Duration.ofMillis(250)).until(d -> {
                String now = statusOf(jobName);
                if (now != null && !now.equals(seen.getLast())) {
                    seen.add(now);
                }
                return "COMPLETED".equals(now);
            });
        } catch (TimeoutException e) {
            throw new AssertionError("The dashboard row of " + jobName + " did not show COMPLETED within "
                    + TO_COMPLETED.toSeconds() + " s; it showed " + seen + "; the database says "
                    + jobs.findById(jobId).map(Job::getStatus).orElse(null), e);
        }
        assertThat(js().executeScript("return window.mcEndToEndMarker;")).as("no reload happened").isEqualTo(jobId);

        // 7. the row opens the job's page, and its log shows the run's output
        cellWithText("dashboard-jobs", jobName).click();
        wait(PAGE).until(ExpectedConditions.urlMatches("/jobs/" + jobId + "$"));
        try {
            wait(PAGE).until(d -> stdout().contains("MC-DONE"));
        } catch (TimeoutException e) {
            throw new AssertionError("The job page did not show MC-DONE in its stdout; it shows: " + stdout(), e);
        }
        assertThat(stdout()).contains("MC-COMMIT " + repo.head());
        visible(By.id("job-log-stdout")); // into view for the screenshot
        log.info("Dashboard row of {} showed {} without a reload", jobName, seen);
    }

    // ---- the browser

    /** A local member with a password (made through the API as the admin), signed in on the sign-in page. */
    private void signIn(String username, Role role) {
        String password = "e2e password " + UUID.randomUUID();
        tokenFor(username, role, password);
        driver.manage().deleteAllCookies();
        driver.get("http://127.0.0.1:" + port + "/projects");
        wait(PAGE).withMessage("the sign-in page").until(ExpectedConditions.urlContains("/login"));
        WebElement name = visible(By.cssSelector("vaadin-login-form input[name='username']"));
        name.sendKeys(username);
        visible(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys(password, Keys.ENTER);
        wait(PAGE).withMessage("signed in: back on the page asked for")
                .until(ExpectedConditions.urlContains("/projects")); // Spring Security may add ?continue
        wait(PAGE).withMessage("who is signed in, in the header").until(d -> !d.findElements(
                By.xpath("//*[@id='signed-in-as' and normalize-space(.)='" + username + "']")).isEmpty());
    }

    private void open(String path) {
        driver.get("http://127.0.0.1:" + port + path);
        wait(PAGE).withMessage("Vaadin to start on " + path).until(d -> Boolean.TRUE.equals(js().executeScript(
                "return !!window.Vaadin && !!window.Vaadin.Flow && !!document.querySelector('vaadin-app-layout');")));
    }

    private static WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(Duration.ofMillis(200));
        return wait;
    }

    private static JavascriptExecutor js() {
        return (JavascriptExecutor) driver;
    }

    /** The element, scrolled into the middle of the view (a long form scrolls inside the app layout). */
    private static WebElement visible(By by) {
        WebElement element = wait(PAGE).until(ExpectedConditions.presenceOfElementLocated(by));
        js().executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element);
        return wait(PAGE).until(ExpectedConditions.visibilityOf(element));
    }

    private static void click(By by) {
        WebElement element = visible(by);
        wait(PAGE).until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private static String inputValue(String id) {
        List<WebElement> inputs = driver.findElements(By.cssSelector("#" + id + " input"));
        return inputs.isEmpty() ? null : inputs.getFirst().getDomProperty("value");
    }

    /** Types the item's label into the combo box and picks it from the opened list. */
    private static void chooseInComboBox(String id, String label) {
        WebElement input = visible(By.cssSelector("#" + id + " input"));
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), label);
        By item = By.xpath("//vaadin-combo-box-item[normalize-space(.)='" + label + "']");
        wait(PAGE).withMessage("the item " + label + " in " + id).until(ExpectedConditions.elementToBeClickable(item))
                .click();
        wait(PAGE).withMessage(id + " set to " + label).until(d -> label.equals(inputValue(id)));
    }

    /** The label a vaadin-select shows for its value. */
    private static String selectedLabel(String id) {
        Object text = js().executeScript("const s = document.getElementById(arguments[0]);"
                + "const v = s && s.querySelector('vaadin-select-value-button');"
                + "return v ? v.textContent.trim() : '';", id);
        return text == null ? "" : text.toString();
    }

    /** Opens a vaadin-select and picks the item whose label starts with the given text. */
    private static void chooseInSelect(String id, String labelStart) {
        if (selectedLabel(id).startsWith(labelStart)) {
            return;
        }
        click(By.id(id));
        By item = By.xpath("//vaadin-select-item[starts-with(normalize-space(.), '" + labelStart + "')]");
        visible(item).click();
        wait(PAGE).withMessage(id + " set to " + labelStart).until(d -> selectedLabel(id).startsWith(labelStart));
    }

    /** The cell content element of a grid whose text is exactly {@code text}, or null. */
    private static WebElement cellWithText(String gridId, String text) {
        return (WebElement) js().executeScript("const g = document.getElementById(arguments[0]); if (!g) return null;"
                + "return [...g.querySelectorAll('vaadin-grid-cell-content')]"
                + ".find(c => c.textContent.trim() === arguments[1]) || null;", gridId, text);
    }

    /**
     * The status badge's text in the dashboard row of the job named {@code jobName}, or null while
     * there is no such row: the row is found from the name cell's slot in the grid's shadow DOM.
     */
    private static String statusOf(String jobName) {
        Object status = js().executeScript("""
                const grid = document.getElementById('dashboard-jobs');
                if (!grid || !grid.shadowRoot) return null;
                const nameCell = [...grid.querySelectorAll('vaadin-grid-cell-content')]
                    .find(c => c.textContent.trim() === arguments[0]);
                if (!nameCell) return null;
                const slot = grid.shadowRoot.querySelector('slot[name="' + nameCell.getAttribute('slot') + '"]');
                const row = slot && slot.closest('tr');
                if (!row) return null;
                for (const s of row.querySelectorAll('slot')) {
                    for (const content of s.assignedElements()) {
                        const badge = content.querySelector('.mc-badge');
                        if (badge) return badge.textContent.trim();
                    }
                }
                return null;
                """, jobName);
        return status == null ? null : status.toString();
    }

    private static String formMessages() {
        Object text = js().executeScript("return [...document.querySelectorAll('.mc-error-box, .mc-form-errors,"
                + " .mc-warning, [invalid]')].map(e => (e.id || e.className) + ': '"
                + " + (e.getAttribute('error-message') || e.textContent.trim())).join(' | ');");
        return Objects.toString(text, "");
    }

    /** The text of the job page's stdout pane. */
    private static String stdout() {
        Object text = js().executeScript("const pre = document.querySelector('#job-log-stdout pre');"
                + "return pre ? pre.textContent : '';");
        return Objects.toString(text, "");
    }

    private void resumePoller() {
        try {
            scheduler.resumeAll();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void screenshot(String name) {
        if (driver == null) {
            return;
        }
        try {
            Path png = SCREENSHOTS.resolve(name + ".png");
            Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), Objects.toString(driver.getPageSource(), ""));
        } catch (IOException | RuntimeException e) {
            System.err.println("e2e: no screenshot: " + e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}

package io.missioncontrol.job.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import com.vaadin.flow.component.button.Button;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import io.missioncontrol.KaribuTest;
import io.missioncontrol.TestData;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.StatusBadge;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobEvents;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.job.JobTransitions;
import io.missioncontrol.job.monitor.JobPoller;
import io.missioncontrol.job.monitor.LoopbackRelay;
import io.missioncontrol.job.monitor.SlurmGateway;
import io.missioncontrol.job.monitor.SlurmTestJobs;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobViewTest extends KaribuTest {

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobTransitions transitions;
    @Autowired JobEvents events;
    @Autowired PlatformTransactionManager txManager;
    @Autowired ClusterService clusters;
    @Autowired Scheduler scheduler;
    @Autowired SlurmGateway gateway;
    @Autowired ApplicationEventPublisher publisher;

    SlurmTestJobs slurm;
    Duration defaultPeriod;

    @BeforeEach
    void setUp() throws SchedulerException {
        scheduler.pauseAll();
        jobs.deleteAll();
        projects.deleteAll();
        slurm = new SlurmTestJobs(clusters, jobs, projects, transitions, txManager);
        defaultPeriod = JobView.followPeriod;
        JobView.followPeriod = Duration.ofMillis(250);
    }

    @AfterEach
    void tearDown() throws SchedulerException {
        JobView.followPeriod = defaultPeriod;
        slurm.cleanUp();
        jobs.deleteAll();
        scheduler.resumeAll();
    }

    private JobView open(String jobId) {
        startUi();
        UI.getCurrent().navigate("jobs/" + jobId);
        return _get(JobView.class);
    }

    private void changeInTransaction(Job job, JobStatus status, String reason) {
        new TransactionTemplate(txManager).executeWithoutResult(s -> transitions.change(
                jobs.findById(job.getId()).orElseThrow(), status, reason));
    }

    private static String badge() {
        return _get(StatusBadge.class, spec -> spec.withId("job-status")).getText();
    }

    private static List<String> notificationTexts() {
        return NotificationsKt.getNotifications().stream().map(JobViewTest::text).toList();
    }

    private static String text(Notification n) {
        String t = n.getElement().getProperty("text");
        return t != null ? t : n.getElement().getText();
    }

    @Test
    void anUnknownIdSaysThereIsNoSuchJob() {
        open("no-such-job");

        _get(H3.class, spec -> spec.withText("No such job"));
        assertThat(_get(JobView.class).getPageTitle()).startsWith("No such job");
    }

    @Test
    void showsWhatWasAskedForAndWhatBecameOfIt() {
        Project p = TestData.project(projects, "vision", Instant.now());
        Job job = new Job(p, "resnet-fail", p.getCurrentCommit(), "dev", Instant.now().minusSeconds(600));
        job.setDescription("lr too high");
        job.setPartition("gpu");
        job.setGpuType("a6000");
        job.setGpusPerNode(2);
        job.setTimeLimit("01:00:00");
        job.setHydraOverrides(Map.of("model", "resnet"));
        job.setExtraOverrides(List.of("+trainer.seed=7"));
        job.setRenderedScript("#!/bin/bash\n#SBATCH --job-name=resnet-fail\npython train.py\n");
        job.setSlurmJobId("4711");
        job.setWandbRunUrl("https://wandb.ai/lab/vision/runs/abc");
        Job saved = new TransactionTemplate(txManager).execute(s -> {
            Job j = transitions.recordNew(job);
            transitions.change(j, JobStatus.PENDING, "Priority");
            transitions.change(j, JobStatus.RUNNING, null);
            j.setExitCode(3);
            transitions.change(j, JobStatus.FAILED, "NonZeroExitCode");
            return j;
        });

        JobView view = open(saved.getId());

        _get(H2.class, spec -> spec.withText("resnet-fail"));
        assertThat(badge()).isEqualTo("FAILED");
        assertThat(_get(Paragraph.class, spec -> spec.withId("job-reason")).getText())
                .isEqualTo("Ended: NonZeroExitCode (exit code 3)");
        assertThat(_get(TextField.class, spec -> spec.withId("job-commit")).getValue())
                .isEqualTo(p.getCurrentCommit());
        assertThat(_get(TextField.class, spec -> spec.withLabel("Resources")).getValue())
                .isEqualTo("1 node · 2 × a6000 GPUs per node");
        assertThat(_get(TextField.class, spec -> spec.withLabel("Exit code")).getValue()).isEqualTo("3");
        assertThat(_get(Pre.class, spec -> spec.withId("job-overrides")).getText())
                .isEqualTo("model=resnet\n+trainer.seed=7");
        assertThat(_get(Pre.class, spec -> spec.withId("job-script")).getText()).contains("python train.py");
        assertThat(GridKt._findAll(view.historyGrid)).extracting(c -> c.getStatus()).containsExactly(
                JobStatus.SUBMITTING, JobStatus.PENDING, JobStatus.RUNNING, JobStatus.FAILED);
        assertThat(view.wandbLink.isVisible()).isTrue();
        assertThat(view.wandbLink.getHref()).isEqualTo("https://wandb.ai/lab/vision/runs/abc");
        assertThat(view.cancelButton.isEnabled()).as("an ended job cannot be cancelled").isFalse();
        assertThat(view.refreshButton.isEnabled()).isFalse();
        assertThat(view.getPageTitle()).startsWith("resnet-fail");
    }

    @Test
    void showsTheChargeAccountQosAndConstraintAndLaunchAgainOpensTheFormForThisJob() {
        Project p = TestData.project(projects, "vision", Instant.now());
        Job charged = new Job(p, "charged", p.getCurrentCommit(), "dev", Instant.now());
        charged.setPartition("gpu");
        charged.setChargeAccount("vision");
        charged.setQos("high");
        charged.setNodeConstraint("a100&ib");
        Job plain = new Job(p, "plain", p.getCurrentCommit(), "dev", Instant.now());
        plain.setPartition("gpu");
        new TransactionTemplate(txManager).execute(s -> {
            transitions.recordNew(charged);
            return transitions.recordNew(plain);
        });

        open(plain.getId());
        assertThat(_get(TextField.class, spec -> spec.withId("job-account")).getValue()).isEqualTo("the user's default");
        assertThat(_get(TextField.class, spec -> spec.withId("job-qos")).getValue())
                .isEqualTo("the association's default");
        assertThat(_get(TextField.class, spec -> spec.withId("job-constraint")).getValue()).isEqualTo("—");

        open(charged.getId());
        assertThat(_get(TextField.class, spec -> spec.withId("job-account")).getValue()).isEqualTo("vision");
        assertThat(_get(TextField.class, spec -> spec.withId("job-qos")).getValue()).isEqualTo("high");
        assertThat(_get(TextField.class, spec -> spec.withId("job-constraint")).getValue()).isEqualTo("a100&ib");
        _click(_get(Button.class, spec -> spec.withId("job-launch-again")));
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPathWithQueryParameters())
                .isEqualTo("launch?from=" + charged.getId());
    }

    @Test
    void theStatusFollowsByPushAndAToastSaysWhenTheJobEnds() throws Exception {
        Project p = TestData.project(projects, "live", Instant.now());
        Job job = TestData.job(jobs, p, "running-job", JobStatus.RUNNING, Instant.now());
        JobView view = open(job.getId());
        assertThat(badge()).isEqualTo("RUNNING");
        assertThat(view.cancelButton.isEnabled()).as("no SLURM id yet").isFalse();

        changeInTransaction(job, JobStatus.COMPLETED, null);
        awaitUi("the pushed end", Duration.ofSeconds(10), () -> badge().equals("COMPLETED"));

        assertThat(GridKt._findAll(view.historyGrid)).extracting(c -> c.getStatus()).endsWith(JobStatus.COMPLETED);
        assertThat(notificationTexts()).anySatisfy(t -> assertThat(t).contains("running-job ended: COMPLETED"));
    }

    @Test
    void theViewListensOnlyWhileItIsShown() throws Exception {
        Project p = TestData.project(projects, "listeners", Instant.now());
        Job job = TestData.job(jobs, p, "listened", JobStatus.PENDING, Instant.now());
        int before = listenerCount();

        open(job.getId());
        assertThat(listenerCount()).isEqualTo(before + 1);
        JobView view = _get(JobView.class);
        assertThat(view.follower()).isNotNull();

        UI.getCurrent().navigate("clusters");
        assertThat(listenerCount()).isEqualTo(before);
        assertThat(view.follower()).as("log following stops on detach").isNull();
    }

    private int listenerCount() throws ReflectiveOperationException {
        var m = JobEvents.class.getDeclaredMethod("listenerCount");
        m.setAccessible(true);
        return (int) m.invoke(events);
    }

    @Tag("cluster")
    @Test
    void followsTheLogLiveShowsTheWandbLinkRefreshesAndCancelsAfterConfirmation() throws Exception {
        Job job = slurm.launch("live-log", "echo started; "
                + "echo 'wandb: 🚀 View run at https://wandb.ai/lab/live/runs/r42' >&2; "
                + "for i in $(seq 1 60); do echo tick $i; sleep 1; done");
        JobView view = open(job.getId());

        awaitUi("three ticks in stdout", Duration.ofSeconds(60), () -> view.stdoutViewer.text().contains("tick 3"));
        String shown = view.stdoutViewer.text();
        assertThat(shown).startsWith("started\ntick 1\n");
        assertThat(shown.split("started", -1)).as("new bytes are appended, never repeated").hasSize(2);
        assertThat(view.stdoutViewer.status()).contains("following");

        // wandb's line is on stderr, which is not the tab shown: it is found all the same
        awaitUi("the W&B link", Duration.ofSeconds(20), view.wandbLink::isVisible);
        assertThat(view.wandbLink.getHref()).isEqualTo("https://wandb.ai/lab/live/runs/r42");
        assertThat(slurm.reload(job).getWandbRunUrl()).isEqualTo("https://wandb.ai/lab/live/runs/r42");
        view.logTabs.setSelectedIndex(1);
        awaitUi("stderr shown", Duration.ofSeconds(20), () -> view.stderrViewer.text().contains("View run at"));

        _click(view.refreshButton);
        awaitUi("the refresh answer", Duration.ofSeconds(30),
                () -> notificationTexts().stream().anyMatch(t -> t.startsWith("SLURM says:")));
        awaitUi("RUNNING", Duration.ofSeconds(30), () -> badge().equals("RUNNING"));

        _click(view.cancelButton);
        assertThat(ConfirmDialogKt._getHeader(view.confirmCancel)).isEqualTo("Cancel job live-log?");
        ConfirmDialogKt._fireConfirm(view.confirmCancel);
        awaitUi("CANCELLED", Duration.ofSeconds(60), () -> badge().equals("CANCELLED"));
        assertThat(slurm.reload(job).getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(view.cancelButton.isEnabled()).isFalse();

        // after the end and one last read, following costs no SSH any more
        Thread.sleep(1500);
        MockVaadin.runUIQueue();
        long before = gateway.commandCount("dev");
        Thread.sleep(1500);
        assertThat(gateway.commandCount("dev")).isEqualTo(before);
    }

    @Test
    void aStaleStateSaysAsOfWhenAndSinceWhenTheClusterIsUnreachable() {
        Project p = TestData.project(projects, "stale", Instant.now());
        Job job = TestData.job(jobs, p, "stale-job", JobStatus.RUNNING, Instant.now().minusSeconds(600));
        Instant seen = Instant.parse("2026-03-04T10:15:30Z");
        Instant down = Instant.parse("2026-03-04T10:16:00Z");
        new TransactionTemplate(txManager).executeWithoutResult(s -> {
            Job j = jobs.findById(job.getId()).orElseThrow();
            j.setUpdatedAt(seen.minusSeconds(60));
            j.setLastSeenAt(seen);
            j.setStatusStaleSince(down);
        });

        open(job.getId());

        String expected = "State as of " + Formats.dateTime(seen) + ": cluster 'dev' unreachable since "
                + Formats.dateTime(down);
        assertThat(_get(Paragraph.class, spec -> spec.withId("job-stale")).getText()).startsWith(expected + ".");
        StatusBadge badge = _get(StatusBadge.class, spec -> spec.withId("job-status"));
        assertThat(badge.getText()).isEqualTo("RUNNING · stale");
        assertThat(badge.getElement().getAttribute("title")).isEqualTo(expected);
    }

    /**
     * A real job on the "relay" cluster, which reaches the dev cluster's sshd only through a forwarder this test
     * starts and stops, watched by a poller with a 1 s poll interval (stale after 2 s without an answer).
     */
    @Tag("cluster")
    @Test
    void aClusterThatStopsAnsweringShowsStaleStatesThenTheRealStateWhenItIsBack() throws Exception {
        ClusterDefinition dev = clusters.require("dev");
        JobPoller poller = new JobPoller(jobs, transitions, publisher, txManager, gateway, Clock.systemUTC(),
                JobPoller.Settings.defaults(Duration.ofSeconds(1)));
        try (LoopbackRelay relay = new LoopbackRelay(RELAY_PORT, dev.host(), dev.port())) {
            relay.start();
            String slurmId = slurm.submitHeld(1).getFirst();
            Job job = slurm.recordFor("relay", slurmId, "behind-relay");
            Job fresh = slurm.pollUntil(job, poller::pollOnce, j -> "JobHeldUser".equals(j.getStatusReason()),
                    Duration.ofSeconds(60), Duration.ofMillis(300));
            assertThat(fresh.getStatusStaleSince()).isNull();
            assertThat(jobJson(job).get("status_stale_since").isNull()).isTrue();
            JobView view = open(job.getId());
            assertThat(badge()).isEqualTo("PENDING");
            assertThat(_find(Paragraph.class, spec -> spec.withId("job-stale"))).isEmpty();

            relay.stop();
            Job stale = slurm.pollUntil(job, poller::pollOnce, j -> j.getStatusStaleSince() != null,
                    Duration.ofSeconds(60), Duration.ofMillis(300));
            assertThat(stale.getStatus()).as("not LOST while its cluster is unreachable").isEqualTo(JobStatus.PENDING);
            assertThat(stale.getStatusReason()).isEqualTo("JobHeldUser");
            assertThat(stale.getStatusStaleSince()).isAfter(stale.getLastSeenAt());
            assertThat(poller.unhealthyClusters()).extracting(JobPoller.ClusterHealth::cluster).contains("relay");

            JsonNode staleJson = jobJson(job);
            assertThat(staleJson.get("slurm_status").asString()).isEqualTo("PENDING");
            assertThat(Instant.parse(staleJson.get("status_stale_since").asString()))
                    .isEqualTo(stale.getStatusStaleSince());
            assertThat(Instant.parse(staleJson.get("last_seen_at").asString())).isEqualTo(stale.getLastSeenAt());

            // the open page heard of it by push
            String expected = "State as of " + Formats.dateTime(stale.getStateAsOf())
                    + ": cluster 'relay' unreachable since " + Formats.dateTime(stale.getStatusStaleSince());
            awaitUi("the stale note", Duration.ofSeconds(10),
                    () -> !_find(Paragraph.class, spec -> spec.withId("job-stale")).isEmpty());
            assertThat(_get(Paragraph.class, spec -> spec.withId("job-stale")).getText()).startsWith(expected);
            assertThat(badge()).isEqualTo("PENDING · stale");

            // meanwhile SLURM itself moves on: the job is cancelled on the cluster, not through the portal
            slurm.sh("scancel " + slurmId);
            relay.start();
            Job back = slurm.pollUntil(job, poller::pollOnce,
                    j -> j.getStatusStaleSince() == null && !j.getStatus().isActive(), Duration.ofSeconds(120),
                    Duration.ofMillis(500));
            assertThat(back.getStatus()).isEqualTo(JobStatus.CANCELLED);
            JsonNode backJson = jobJson(job);
            assertThat(backJson.get("status_stale_since").isNull()).isTrue();
            assertThat(backJson.get("slurm_status").asString()).isEqualTo("CANCELLED");
            awaitUi("the real state on the page", Duration.ofSeconds(10), () -> badge().equals("CANCELLED"));
            assertThat(_find(Paragraph.class, spec -> spec.withId("job-stale"))).isEmpty();
            assertThat(view.cancelButton.isEnabled()).isFalse();
        } finally {
            poller.destroy();
        }
    }

    @Test
    void theJobGridMarksAStaleStateWithTheTimesInItsTooltip() {
        Project p = TestData.project(projects, "grid-stale", Instant.now());
        Job job = TestData.job(jobs, p, "grid-stale-job", JobStatus.PENDING, Instant.now());
        Instant down = Instant.now().minusSeconds(120);
        new TransactionTemplate(txManager).executeWithoutResult(s ->
                jobs.findById(job.getId()).orElseThrow().setStatusStaleSince(down));

        startUi();
        UI.getCurrent().navigate("");
        @SuppressWarnings("unchecked")
        Grid<JobSummary> grid = _get(Grid.class, spec -> spec.withId("dashboard-jobs"));
        StatusBadge cell = (StatusBadge) GridKt._getCellComponent(grid, 0, "status");

        assertThat(cell.getText()).isEqualTo("PENDING · stale");
        assertThat(cell.getElement().getAttribute("title")).startsWith("State as of ")
                .endsWith(": cluster 'dev' unreachable since " + Formats.dateTime(down));
    }

    private JsonNode jobJson(Job job) {
        var r = api().get().uri(URI.create("http://127.0.0.1:" + port + "/api/jobs/" + job.getId())).retrieve()
                .toEntity(String.class);
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(r.getBody());
    }
}

package io.missioncontrol.job.ui;

import io.missioncontrol.base.ui.Background;
import jakarta.annotation.security.PermitAll;
import io.missioncontrol.base.ui.UiErrorHandler;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import io.missioncontrol.base.ui.EmptyState;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.Notifications;
import io.missioncontrol.base.ui.StatusBadge;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobEvents;
import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChange;
import io.missioncontrol.job.JobStatusChanged;
import io.missioncontrol.job.JobSummary;
import io.missioncontrol.job.monitor.JobCancellation;
import io.missioncontrol.job.monitor.JobLogs;
import io.missioncontrol.job.monitor.JobPoller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job: what was asked for (resources, commit, overrides, batch script), what became of it (state, reason,
 * exit code, times, status history) and its stdout/stderr, followed live while it runs. Refresh asks SLURM now;
 * Cancel runs scancel after a confirmation. The page updates by push when the job changes state and says so
 * with a toast when it ends; while the job's cluster does not answer it says the state is as of its last answer.
 */
@Route("jobs/:jobId")
@PermitAll
class JobView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private static final Logger log = LoggerFactory.getLogger(JobView.class);

    /** How often a running job's log is checked for new bytes. */
    static Duration followPeriod = Duration.ofSeconds(2);

    private final JobService jobService;
    private final JobPoller poller;
    private final JobCancellation cancellation;
    private final JobLogs logs;
    private final JobEvents events;

    final Button refreshButton = new Button("Refresh status", VaadinIcon.REFRESH.create());
    final Button cancelButton = new Button("Cancel job", VaadinIcon.STOP.create());
    final Button againButton = new Button("Launch again", VaadinIcon.ROCKET.create());
    final Anchor wandbLink = new Anchor();
    final Grid<JobStatusChange> historyGrid = new Grid<>();
    final LogViewer stdoutViewer = new LogViewer("job-log-stdout");
    final LogViewer stderrViewer = new LogViewer("job-log-stderr");
    final TabSheet logTabs = new TabSheet();
    final Checkbox followBox = new Checkbox("Scroll to new output", true);
    final Div header = new Div();
    final Div details = new Div();
    ConfirmDialog confirmCancel;

    private final Tab stdoutTab;
    private final Tab stderrTab;
    private String jobId;
    private Job job;
    private String title = "Job · Mission Control";
    private Runnable unsubscribe;
    private LogFollower follower;

    JobView(JobService jobService, JobPoller poller, JobCancellation cancellation, JobLogs logs,
                   JobEvents events) {
        this.jobService = jobService;
        this.poller = poller;
        this.cancellation = cancellation;
        this.logs = logs;
        this.events = events;
        addClassName("mc-job");
        setWidthFull();

        refreshButton.setId("job-refresh");
        refreshButton.addClickListener(e -> refreshStatus());
        cancelButton.setId("job-cancel");
        cancelButton.addThemeVariants(ButtonVariant.ERROR);
        cancelButton.addClickListener(e -> askToCancel());
        againButton.setId("job-launch-again");
        againButton.setTooltipText("Open the launch form filled in with this job's values");
        againButton.addClickListener(e -> getUI().ifPresent(ui -> ui.navigate("launch",
                QueryParameters.of("from", jobId))));
        wandbLink.setId("job-wandb");
        wandbLink.setTarget(AnchorTarget.BLANK);
        wandbLink.setVisible(false);

        historyGrid.setId("job-history");
        historyGrid.addColumn(c -> Formats.dateTime(c.getChangedAt())).setHeader("When").setAutoWidth(true);
        historyGrid.addComponentColumn(c -> new StatusBadge(c.getStatus(), c.getStatus().isActive(),
                c.getStatus().isSuccess())).setHeader("State").setAutoWidth(true);
        historyGrid.addColumn(c -> c.getReason() == null ? "" : c.getReason()).setHeader("Reason").setFlexGrow(3);
        historyGrid.setAllRowsVisible(true);

        stdoutTab = logTabs.add("stdout", stdoutViewer);
        stderrTab = logTabs.add("stderr", stderrViewer);
        logTabs.setId("job-logs");
        logTabs.setWidthFull();
        logTabs.addSelectedChangeListener(e -> {
            if (follower != null) {
                follower.select(selectedStream());
            }
        });
        followBox.addValueChangeListener(e -> {
            stdoutViewer.setFollowing(e.getValue());
            stderrViewer.setFollowing(e.getValue());
        });
    }

    @Override
    public String getPageTitle() {
        return title;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String id = event.getRouteParameters().get("jobId").orElse("");
        boolean otherJob = !id.equals(jobId);
        jobId = id;
        if (otherJob) {
            stopFollowing();
            stdoutViewer.reset("");
            stderrViewer.reset("");
            wandbLink.setVisible(false);
            logTabs.setSelectedTab(stdoutTab);
        }
        render();
        if (otherJob && isAttached() && job != null) {
            startFollowing(UI.getCurrent());
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = events.subscribe(e -> onJobChanged(ui, e));
        if (job != null) {
            startFollowing(ui);
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
        stopFollowing();
    }

    // ---- rendering

    void render() {
        removeAll();
        job = jobService.find(jobId).orElse(null);
        if (job == null) {
            title = "No such job · Mission Control";
            Button dashboard = new Button("All jobs", e -> getUI().ifPresent(ui -> ui.navigate("")));
            add(new H2("Job"), new EmptyState("No such job",
                    "There is no job with the id '" + jobId + "'. It may have been deleted with its project; "
                            + "the dashboard lists every job.", dashboard));
            return;
        }
        title = job.getName() + " · Mission Control";
        renderHeader();
        renderDetails();
        historyGrid.setItems(jobService.history(jobId));

        H3 logsTitle = new H3("Logs");
        HorizontalLayout logsBar = new HorizontalLayout(logsTitle, followBox);
        logsBar.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(header, details, new H3("Status history"), historyGrid, logsBar, logTabs);
        add(overridesSection(job), scriptSection(job));
    }

    private void renderHeader() {
        header.removeAll();
        header.setWidthFull();
        H2 name = new H2(job.getName());
        name.getStyle().set("margin", "0");
        StatusBadge badge = new StatusBadge(job.getStatus(), job.getStatus().isActive(), job.getStatus().isSuccess());
        badge.setId("job-status");
        String stale = staleText(job.getCluster(), job.getStateAsOf(), job.getStatusStaleSince());
        if (stale != null) {
            badge.markStale(stale);
        }
        // a job SLURM holds and may still change: the same rule as the poller's
        boolean inSlurm = JobPoller.isPolled(job);
        cancelButton.setEnabled(inSlurm);
        refreshButton.setEnabled(inSlurm);
        if (job.getWandbRunUrl() != null) {
            showWandb(job.getWandbRunUrl());
        }
        HorizontalLayout bar = new HorizontalLayout(name, badge, wandbLink, refreshButton, cancelButton,
                againButton);
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.setWidthFull();
        bar.expand(wandbLink);
        header.add(bar);
        if (job.getDescription() != null) {
            header.add(new Paragraph(job.getDescription()));
        }
        if (stale != null) {
            Paragraph note = new Paragraph(stale + ". The portal keeps asking; the state updates as soon as the "
                    + "cluster answers.");
            note.setId("job-stale");
            note.addClassName("mc-warning");
            header.add(note);
        }
        if (job.getStatusReason() != null) {
            Paragraph reason = new Paragraph(reasonText(job));
            reason.setId("job-reason");
            reason.addClassName(job.getStatus().isActive() || job.getStatus().isSuccess() ? "mc-warning" : "mc-error-box");
            header.add(reason);
        }
    }

    /** Reads the job again and updates what may have changed; the log panes keep their text. */
    void update() {
        Job fresh = jobService.find(jobId).orElse(null);
        if (fresh == null || job == null) {
            render();
            return;
        }
        job = fresh;
        renderHeader();
        renderDetails();
        historyGrid.setItems(jobService.history(jobId));
    }

    /**
     * "State as of …: cluster '…' unreachable since …" while the job's cluster does not answer ({@code staleSince}
     * set), else {@code null}.
     */
    static String staleText(String cluster, Instant stateAsOf, Instant staleSince) {
        if (staleSince == null) {
            return null;
        }
        return "State as of " + Formats.dateTime(stateAsOf) + ": cluster '" + cluster + "' unreachable since "
                + Formats.dateTime(staleSince);
    }

    static String reasonText(Job job) {
        String reason = job.getStatusReason();
        if (job.getStatus() == JobStatus.PENDING) {
            return "Waiting: " + reason;
        }
        return (job.getStatus().isActive() ? "" : "Ended: ") + reason
                + (job.getExitCode() != null && job.getExitCode() != 0 ? " (exit code " + job.getExitCode() + ")" : "");
    }

    private void renderDetails() {
        details.removeAll();
        details.setWidthFull();
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 2),
                new FormLayout.ResponsiveStep("70em", 3));
        JobSummary summary = jobService.findSummary(jobId).orElse(null);
        form.add(field("Project", summary == null ? job.getProjectId() : summary.projectName()));
        form.add(field("Cluster", job.getCluster()));
        form.add(field("Partition", orDash(job.getPartition())));
        form.add(field("Resources", resources(job)));
        form.add(field("Time limit", job.getTimeLimit() == null ? "partition default" : job.getTimeLimit()));
        TextField account = field("SLURM account", job.getChargeAccount() == null ? "the user's default"
                : job.getChargeAccount());
        account.setId("job-account");
        TextField qos = field("QoS", job.getQos() == null ? "the association's default" : job.getQos());
        qos.setId("job-qos");
        TextField constraint = field("Node constraint", orDash(job.getNodeConstraint()));
        constraint.setId("job-constraint");
        form.add(account, qos, constraint);
        form.add(field("SLURM job id", orDash(job.getSlurmJobId())));
        form.add(field("Exit code", job.getExitCode() == null ? "—" : String.valueOf(job.getExitCode())));
        form.add(field("Reason", orDash(job.getStatusReason())));
        form.add(field("Submitted", Formats.dateTime(job.getSubmittedAt())));
        form.add(field("Started", Formats.dateTime(job.getStartedAt())));
        form.add(field("Finished", Formats.dateTime(job.getFinishedAt())));
        form.add(field("Last seen by SLURM", Formats.dateTime(job.getLastSeenAt())));
        TextField commit = field("Commit", job.getCommitSha());
        commit.setId("job-commit");
        commit.addClassName("mc-mono");
        commit.setHelperText(job.isLaunchedDirty() ? "The work tree had uncommitted changes; the job ran this commit"
                : null);
        Button copy = new Button(VaadinIcon.COPY_O.create(), e -> copyCommit());
        copy.setId("job-commit-copy");
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE);
        copy.setTooltipText("Copy the full commit id");
        commit.setSuffixComponent(copy);
        form.add(commit, 2);
        form.add(field("Job folder", orDash(job.getJobDir())), 3);
        form.addClassName("mc-card");
        if (summary != null) {
            Anchor project = new Anchor("projects/" + summary.projectId(), "Open project " + summary.projectName());
            details.add(form, project);
        } else {
            details.add(form);
        }
    }

    private void copyCommit() {
        getUI().ifPresent(ui -> ui.getPage().executeJs("navigator.clipboard.writeText($0)", job.getCommitSha()));
        Notifications.success("Commit " + job.getCommitSha().substring(0, Math.min(8, job.getCommitSha().length()))
                + "… copied");
    }

    static String resources(Job job) {
        List<String> parts = new ArrayList<>();
        parts.add(job.getNumNodes() + (job.getNumNodes() == 1 ? " node" : " nodes"));
        if (job.getGpusPerNode() > 0) {
            parts.add(job.getGpusPerNode() + (job.getGpuType() == null ? "" : " × " + job.getGpuType())
                    + (job.getGpusPerNode() == 1 ? " GPU" : " GPUs") + " per node");
        } else {
            parts.add("no GPU");
        }
        if (job.getCpusPerTask() != null) {
            parts.add(job.getCpusPerTask() + " CPUs per task");
        }
        if (job.getMemory() != null) {
            parts.add(job.getMemory() + " memory");
        }
        return String.join(" · ", parts);
    }

    private static Component overridesSection(Job job) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : job.getHydraOverrides().entrySet()) {
            lines.add(e.getKey() + "=" + e.getValue());
        }
        lines.addAll(job.getExtraOverrides());
        Component body;
        if (lines.isEmpty()) {
            body = new Paragraph("No overrides: the project's Hydra defaults were used.");
        } else {
            Pre pre = new Pre(String.join("\n", lines));
            pre.addClassName("mc-pre");
            pre.setId("job-overrides");
            body = pre;
        }
        Div box = new Div(new H3("Overrides"), body);
        box.setWidthFull();
        return box;
    }

    private static Component scriptSection(Job job) {
        Component body;
        if (job.getRenderedScript() == null || job.getRenderedScript().isBlank()) {
            body = new Paragraph("No batch script was stored for this job.");
        } else {
            Pre pre = new Pre(job.getRenderedScript());
            pre.addClassName("mc-pre");
            pre.setId("job-script");
            body = pre;
        }
        Details d = new Details("Batch script as submitted", body);
        d.setWidthFull();
        return d;
    }

    private static TextField field(String label, String value) {
        TextField f = new TextField(label);
        f.setValue(value == null ? "" : value);
        f.setReadOnly(true);
        f.setWidthFull();
        return f;
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    void showWandb(String url) {
        wandbLink.setHref(url);
        wandbLink.setText("W&B run ↗");
        wandbLink.getElement().setAttribute("title", url);
        wandbLink.setVisible(true);
    }

    // ---- live updates

    private void onJobChanged(UI ui, JobStatusChanged e) {
        if (!e.jobId().equals(jobId)) {
            return;
        }
        Background.access(ui, () -> {
            if (!e.jobId().equals(jobId)) {
                return; // navigated to another job meanwhile
            }
            update();
            if (follower != null) {
                follower.jobActive(e.current().isActive());
            }
            if (e.previous() != null && e.previous().isActive() && !e.current().isActive()) {
                announceEnd(e);
            }
        }, () -> {
            // the page was closed
        });
    }

    private static void announceEnd(JobStatusChanged e) {
        String text = "Job " + e.jobName() + " ended: " + e.current()
                + (e.reason() == null ? "" : " (" + e.reason() + ")");
        if (e.current().isSuccess()) {
            Notifications.success(text);
        } else {
            Notifications.error(text);
        }
    }

    private void startFollowing(UI ui) {
        stopFollowing();
        stdoutViewer.setStatus("Loading…");
        stderrViewer.setStatus("Loading…");
        follower = new LogFollower(ui, logs, jobId, job.getStatus().isActive(), job.getWandbRunUrl() != null,
                stdoutViewer, stderrViewer, followPeriod, this::showWandb);
        follower.select(selectedStream());
        follower.start();
    }

    private void stopFollowing() {
        if (follower != null) {
            follower.stop();
            follower = null;
        }
    }

    LogFollower follower() {
        return follower;
    }

    private JobLogs.Stream selectedStream() {
        return logTabs.getSelectedTab() == stderrTab ? JobLogs.Stream.STDERR : JobLogs.Stream.STDOUT;
    }

    // ---- actions

    private void refreshStatus() {
        refreshButton.setEnabled(false);
        background(() -> poller.refresh(jobId), refreshed -> {
            update();
            Notifications.info("SLURM says: " + refreshed.getStatus()
                    + (refreshed.getStatusReason() == null ? "" : " (" + refreshed.getStatusReason() + ")"));
        }, "Refreshing failed: ");
    }

    private void askToCancel() {
        confirmCancel = new ConfirmDialog();
        confirmCancel.setHeader("Cancel job " + job.getName() + "?");
        confirmCancel.setText("scancel stops SLURM job " + job.getSlurmJobId() + " on " + job.getCluster()
                + " at once. This cannot be undone; what the job wrote so far stays in its folder.");
        confirmCancel.setCancelable(true);
        confirmCancel.setCancelText("Keep it running");
        confirmCancel.setConfirmText("Cancel job");
        confirmCancel.setConfirmButtonTheme("error primary");
        confirmCancel.addConfirmListener(e -> cancel());
        confirmCancel.open();
    }

    void cancel() {
        cancelButton.setEnabled(false);
        background(() -> cancellation.cancel(jobId), cancelled -> {
            update();
            if (cancelled.getStatus().isActive()) {
                Notifications.info("Cancel sent: SLURM is stopping job " + cancelled.getName());
            } else {
                Notifications.success("Job " + cancelled.getName() + " is " + cancelled.getStatus());
            }
        }, "Cancelling failed: ");
    }

    /** Runs cluster work off the UI thread; its result (or error) reaches the page by push. */
    private <T> void background(Supplier<T> work, Consumer<T> done, String failure) {
        Background.run(work, done, e -> {
            update();
            String expected = UiErrorHandler.userMessage(e);
            if (expected != null) {
                Notifications.error(failure + expected);
            } else {
                log.error("Job action failed for job {}", jobId, e);
                Notifications.error(failure + e.getClass().getSimpleName() + "; the details are in the server log.");
            }
        });
    }
}

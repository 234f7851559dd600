package io.missioncontrol.job.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.spring.data.VaadinSpringDataHelpers;
import io.missioncontrol.base.ui.Background;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.StatusBadge;
import io.missioncontrol.job.JobEvents;
import io.missioncontrol.job.JobService;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChanged;
import io.missioncontrol.job.JobSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Jobs as a lazily paged grid (newest first, no COUNT) with a status multi-select, a cluster choice and a search
 * box over name and description. While it is shown it follows job changes by push: a changed job's row is redrawn
 * alone when that cannot move it or drop it from the filter, else the page query runs again (bursts of changes,
 * e.g. one poll cycle, become one refresh). A state that may be out of date because the job's
 * cluster does not answer is marked "stale", with the times in its tooltip. Clicking a row opens the job page.
 * Used by the dashboard (all jobs) and project pages ({@link #setProjectId one project's jobs}).
 */
public class JobGrid extends VerticalLayout {

    /** More changed jobs than this at once (a burst, a poll cycle): one query for the page instead. */
    static final int MAX_ROW_REFRESHES = 20;
    /** See {@link #rowAfter}. */
    private static final Map<JobStatusChanged, Optional<JobSummary>> ROWS_AFTER_CHANGE =
            Collections.synchronizedMap(new WeakHashMap<>());

    public final MultiSelectComboBox<JobStatus> statusFilter = new MultiSelectComboBox<>("Status");
    public final ComboBox<String> clusterFilter = new ComboBox<>("Cluster");
    public final TextField search = new TextField("Search");
    public final Grid<JobSummary> grid = new Grid<>();

    private final JobService jobService;
    private final JobEvents events;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    /** Job id → its latest change since the last refresh was queued (taken by that refresh). */
    private final Map<String, JobStatusChanged> changedJobs = new ConcurrentHashMap<>();
    private final Grid.Column<JobSummary> updatedColumn;
    private final List<Consumer<JobStatusChanged>> changeListeners = new ArrayList<>();
    private String projectId;
    private Runnable unsubscribe;

    /**
     * @param clusters    cluster names to offer in the filter (configured ones; those jobs ran on are added)
     * @param showProject whether to show the project column (not on a project's own page)
     */
    public JobGrid(JobService jobService, JobEvents events, Collection<String> clusters, boolean showProject) {
        this.jobService = jobService;
        this.events = events;
        setPadding(false);
        setSpacing(false);
        setWidthFull();
        addClassName("mc-job-grid");

        statusFilter.setItems(JobStatus.values());
        statusFilter.setItemLabelGenerator(JobStatus::name);
        statusFilter.setPlaceholder("All states");
        statusFilter.setClearButtonVisible(true);
        statusFilter.setWidth("22rem");
        statusFilter.addValueChangeListener(e -> refresh());

        TreeSet<String> clusterNames = new TreeSet<>(clusters);
        clusterNames.addAll(jobService.clustersInUse());
        clusterFilter.setItems(clusterNames);
        clusterFilter.setPlaceholder("All clusters");
        clusterFilter.setClearButtonVisible(true);
        clusterFilter.addValueChangeListener(e -> refresh());

        search.setPlaceholder("Name or description");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setValueChangeTimeout(300);
        search.addValueChangeListener(e -> refresh());

        HorizontalLayout filters = new HorizontalLayout(search, statusFilter, clusterFilter);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.addColumn(JobSummary::name).setHeader("Name").setSortProperty("name").setFlexGrow(2);
        if (showProject) {
            grid.addColumn(JobSummary::projectName).setHeader("Project");
        }
        grid.addColumn(JobSummary::cluster).setHeader("Cluster").setSortProperty("cluster");
        grid.addComponentColumn(JobGrid::statusBadge).setHeader("Status").setKey("status").setAutoWidth(true);
        grid.addColumn(j -> j.slurmJobId() == null ? "—" : j.slurmJobId()).setHeader("SLURM id");
        var submitted = grid.addColumn(j -> Formats.dateTime(j.submittedAt())).setHeader("Submitted")
                .setSortProperty("submittedAt").setAutoWidth(true);
        updatedColumn = grid.addColumn(j -> Formats.dateTime(j.updatedAt())).setHeader("Updated")
                .setSortProperty("updatedAt").setAutoWidth(true);
        // a row is a job, whatever its state: rows are keyed by job id, so that a changed job's new summary
        // replaces its row (refreshItem) instead of being a stranger to the grid
        grid.setItems(new CallbackDataProvider<JobSummary, Void>(query -> jobService.findSummaries(filter(),
                VaadinSpringDataHelpers.toSpringPageRequest(query)).stream(), query -> {
            throw new UnsupportedOperationException("the jobs grid pages without counting");
        }, JobSummary::id)).setItemCountUnknown();
        grid.sort(List.of(new GridSortOrder<>(submitted, SortDirection.DESCENDING)));
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate("jobs/" + e.getItem().id())));
        grid.setEmptyStateText("No jobs match these filters.");
        grid.setMinHeight("16rem");

        add(filters, grid);
        setFlexGrow(1, grid);
    }

    static StatusBadge statusBadge(JobSummary job) {
        StatusBadge badge = new StatusBadge(job.status(), job.status().isActive(), job.status().isSuccess());
        String stale = JobView.staleText(job.cluster(), job.stateAsOf(), job.statusStaleSince());
        return stale == null ? badge : badge.markStale(stale);
    }

    /** Narrows the grid to one project's jobs ({@code null}: every project). */
    public void setProjectId(String projectId) {
        this.projectId = projectId;
        refresh();
    }

    /** Clears the filters (e.g. when a project page is reused for another project). */
    public void clearFilters() {
        statusFilter.clear();
        clusterFilter.clear();
        search.clear();
    }

    /** The filter the grid shows now. */
    public JobService.Filter filter() {
        return new JobService.Filter(projectId, clusterFilter.getValue(), statusFilter.getValue(), search.getValue(),
                null, null);
    }

    /** Called (inside {@code UI.access}) after the grid refreshed for a job change. */
    public void addJobChangeListener(Consumer<JobStatusChanged> listener) {
        changeListeners.add(listener);
    }

    public void refresh() {
        grid.getDataProvider().refreshAll();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = events.subscribe(e -> onJobChanged(ui, e));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }

    private void onJobChanged(UI ui, JobStatusChanged e) {
        if (projectId != null && !projectId.equals(e.projectId())) {
            return;
        }
        changedJobs.put(e.jobId(), e);
        if (!refreshQueued.compareAndSet(false, true)) {
            return; // a refresh is already on its way and will show this change too
        }
        Background.access(ui, () -> {
            refreshQueued.set(false); // before taking the changes: one that comes after queues the next refresh
            List<JobStatusChanged> changes = new ArrayList<>();
            for (String id : List.copyOf(changedJobs.keySet())) {
                JobStatusChanged change = changedJobs.remove(id);
                if (change != null) {
                    changes.add(change);
                }
            }
            showChanged(changes);
            changeListeners.forEach(l -> l.accept(e));
        }, () -> refreshQueued.set(false));
    }

    /**
     * Shows changed jobs: row by row when each is a row the browser has and a state change can neither move it nor
     * make it leave the filter; otherwise by running the page query again. Re-running it in every open page for
     * every change made twenty pages re-query, rebuild and re-send all their rows at once, the last one a second
     * after the first.
     */
    private void showChanged(List<JobStatusChanged> changes) {
        if (changes.isEmpty()) {
            return;
        }
        if (changes.size() > MAX_ROW_REFRESHES || !statusFilter.isEmpty() || sortedByUpdateTime()) {
            refresh();
            return;
        }
        List<JobSummary> rows = new ArrayList<>(changes.size());
        for (JobStatusChanged change : changes) {
            JobSummary row = rowAfter(change, jobService).orElse(null);
            if (row == null || !grid.getDataCommunicator().getKeyMapper().has(row)) {
                refresh(); // deleted, new (belongs on top), or not loaded in this page: the query decides
                return;
            }
            rows.add(row);
        }
        rows.forEach(grid.getDataProvider()::refreshItem);
    }

    /**
     * The job's row after {@code change}, read once for all open grids: every page gets the same change object
     * (see {@link JobEvents}), and twenty pages asking the database for the same row at the same moment queued on
     * its connections. Entries go when the change is no longer referenced (all pages took it).
     */
    static Optional<JobSummary> rowAfter(JobStatusChanged change, JobService jobService) {
        return ROWS_AFTER_CHANGE.computeIfAbsent(change, c -> jobService.findSummary(c.jobId()));
    }

    /** The "Updated" column moves with every state change. */
    private boolean sortedByUpdateTime() {
        return grid.getSortOrder().stream().anyMatch(o -> o.getSorted() == updatedColumn);
    }
}

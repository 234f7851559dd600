package io.missioncontrol.job.ui;

import io.missioncontrol.base.ui.Background;
import jakarta.annotation.security.RolesAllowed;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.shared.HasValidationProperties;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.UnavailableException;
import io.missioncontrol.base.ui.EmptyState;
import io.missioncontrol.base.ui.Formats;
import io.missioncontrol.base.ui.Notifications;
import io.missioncontrol.cluster.ChargeDefaults;
import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.ClusterException;
import io.missioncontrol.cluster.ClusterGateway;
import io.missioncontrol.cluster.ClusterIdentity;
import io.missioncontrol.cluster.ClusterService;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuCount;
import io.missioncontrol.cluster.gpu.PartitionGpus;
import io.missioncontrol.cluster.slurm.Associations;
import io.missioncontrol.cluster.slurm.Partition;
import io.missioncontrol.cluster.slurm.SlurmRules;
import io.missioncontrol.cluster.ui.GpuCharts;
import io.missioncontrol.job.Job;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.launch.FreeGpus;
import io.missioncontrol.job.launch.JobLaunchService;
import io.missioncontrol.job.launch.LaunchPlan;
import io.missioncontrol.job.launch.LaunchRequest;
import io.missioncontrol.project.MlopsConfig;
import io.missioncontrol.project.MlopsConfigResult;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectService;
import io.missioncontrol.project.git.GitSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launch form: project → cluster (partitions and live GPU availability, loaded off the UI
 * thread) → resources → Hydra overrides generated from the project's config → preview of the exact
 * script → submit. Every check is the launch service's; its errors are shown on their fields. Name and
 * resources are also checked as they are typed, by SLURM's rule book ({@code SlurmRules}) the service applies,
 * so the words are the same.
 */
@Route("launch")
@RolesAllowed("MEMBER") // launching: members and admins; viewers read only
@PageTitle("Launch job · Mission Control")
@Menu(order = 2, title = "Launch job", icon = "vaadin:rocket")
class LaunchView extends VerticalLayout implements BeforeEnterObserver {

    private static final Logger log = LoggerFactory.getLogger(LaunchView.class);

    private final ProjectService projectService;
    private final ClusterService clusterService;
    private final ClusterGateway clusterGateway;
    private final JobLaunchService launchService;

    final ComboBox<Project> project = new ComboBox<>("Project");
    final TextField name = new TextField("Name");
    final TextArea description = new TextArea("Description");
    final Checkbox allowDirty = new Checkbox("Launch anyway (uncommitted changes are not included)");
    final ComboBox<ClusterDefinition> cluster = new ComboBox<>("Cluster");
    final Button refreshCluster = new Button("Refresh", VaadinIcon.REFRESH.create());
    final Select<String> partition = new Select<>();
    final Select<String> gpuType = new Select<>();
    final IntegerField nodes = new IntegerField("Nodes");
    final IntegerField gpusPerNode = new IntegerField("GPUs per node");
    final TextField timeLimit = new TextField("Time limit");
    final IntegerField cpusPerTask = new IntegerField("CPUs per task");
    final TextField memory = new TextField("Memory");
    final Select<String> account = new Select<>();
    final Select<String> qos = new Select<>();
    final TextField constraint = new TextField("Node constraint");
    final Button previewButton = new Button("Preview script", VaadinIcon.EYE.create());
    final Button submitButton = new Button("Submit", VaadinIcon.ROCKET.create());

    final Div projectNotice = new Div();
    final Div gitBox = new Div();
    final Div clusterStatus = new Div();
    final Div chartBox = new Div();
    final Div hydraBox = new Div();
    final Div formErrors = new Div();
    final Div resultBox = new Div();
    final Div previewPanel = new Div();
    final HorizontalLayout working = new HorizontalLayout();
    private final Span workingText = new Span();
    HydraSection hydra;

    private boolean built;
    private MlopsConfig.Resources defaults = MlopsConfig.Resources.NONE;
    private GpuAvailability availability;
    private List<Partition> partitions = List.of();
    private Map<String, GpuCount> offeredGpus = Map.of();
    /** A recorded job's request when launching it again ({@code ?from=<job id>}), until the form shows it. */
    private LaunchRequest prefill;
    /** The launching identity's SLURM associations on the chosen cluster; null while unknown. */
    private Associations associations;
    private int clusterGeneration;
    private int previewGeneration;
    private boolean submitting;
    private boolean previewing;
    private String submittingTo;
    /** One per form: a double click, or a retry after a lost answer, submits once. */
    String requestKey = UUID.randomUUID().toString();

    public LaunchView(ProjectService projectService, ClusterService clusterService, ClusterGateway clusterGateway,
                      JobLaunchService launchService) {
        this.projectService = projectService;
        this.clusterService = clusterService;
        this.clusterGateway = clusterGateway;
        this.launchService = launchService;
        addClassName("mc-launch");
        project.setId("launch-project");
        name.setId("launch-name");
        cluster.setId("launch-cluster");
        partition.setId("launch-partition");
        gpuType.setId("launch-gpu-type");
        gpusPerNode.setId("launch-gpus-per-node");
        account.setId("launch-account");
        qos.setId("launch-qos");
        constraint.setId("launch-constraint");
        submitButton.setId("launch-submit");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<String> asked = event.getLocation().getQueryParameters().getSingleParameter("project");
        Optional<String> from = event.getLocation().getQueryParameters().getSingleParameter("from");
        String missingJob = null;
        if (from.isPresent()) {
            try {
                prefill = launchService.againRequest(from.get());
                asked = Optional.ofNullable(prefill.projectId());
            } catch (NotFoundException e) {
                missingJob = "There is no job with the id '" + from.get() + "' to launch again (it may have been "
                        + "deleted): fill in the form below.";
            }
        }
        Optional<String> wanted = asked;
        List<Project> projects = projectService.findAll();
        List<ClusterDefinition> clusters = clusterService.clusters();
        if (projects.isEmpty() || clusters.isEmpty()) {
            built = false;
            removeAll();
            add(new H2("Launch job"), projects.isEmpty() ? noProjects() : noClusters());
            return;
        }
        if (!built) {
            build();
            built = true;
        }
        project.setItems(projects);
        cluster.setItems(clusters);
        projectNotice.removeAll();
        if (missingJob != null) {
            projectNotice.add(warning(missingJob));
        }
        if (wanted.isPresent()) {
            Optional<Project> match = projects.stream().filter(p -> p.getId().equals(wanted.get())).findFirst();
            if (match.isPresent()) {
                project.setValue(match.get());
            } else {
                projectNotice.add(warning("There is no project with the id '" + wanted.get()
                        + "' (it may have been deleted): choose one below."));
            }
        } else if (projects.size() == 1 && project.isEmpty()) {
            project.setValue(projects.getFirst());
        }
        Optional<ClusterDefinition> again = prefill == null ? Optional.empty()
                : clusters.stream().filter(c -> c.name().equals(prefill.cluster())).findFirst();
        if (again.isPresent()) {
            cluster.setValue(again.get());
        } else if (clusters.size() == 1 && cluster.isEmpty()) {
            cluster.setValue(clusters.getFirst());
        }
    }

    // ---- layout

    private Component noProjects() {
        Button go = new Button("Projects", e -> UI.getCurrent().navigate("projects"));
        return new EmptyState("No projects yet", "A job runs the code of a registered Git project. Register one "
                + "on the Projects page (Add project, with the path of its work tree), then come back here.", go);
    }

    private Component noClusters() {
        Button go = new Button("Clusters", e -> UI.getCurrent().navigate("clusters"));
        String errors = clusterService.configErrors().isEmpty() ? ""
                : " Problems found in it: " + String.join("; ", clusterService.configErrors());
        return new EmptyState("No clusters configured", "Jobs run on the SLURM clusters listed in "
                + clusterService.clustersFile().toAbsolutePath() + ". Add one there (config/clusters.yaml.example "
                + "shows every setting) and restart the portal." + errors, go);
    }

    private void build() {
        removeAll();
        setMaxWidth("72rem");
        formErrors.addClassName("mc-form-errors");

        project.setItemLabelGenerator(Project::getName);
        project.setPlaceholder("Choose a project");
        project.addValueChangeListener(e -> projectChanged(e.getValue()));
        name.setPlaceholder("e.g. resnet-lr-0.01");
        name.setHelperText("Letters, digits, '.', '_' and '-'; names the SLURM job and the W&B run");
        name.setRequiredIndicatorVisible(true);
        description.setPlaceholder("What this run tries (optional)");
        allowDirty.setVisible(false);
        gitBox.addClassName("mc-launch-git");
        FormLayout code = form();
        code.add(project, name);
        code.add(description, 2);

        cluster.setItemLabelGenerator(ClusterDefinition::label);
        cluster.setPlaceholder("Choose a cluster");
        cluster.addValueChangeListener(e -> loadCluster(false));
        refreshCluster.addThemeVariants(ButtonVariant.SMALL);
        refreshCluster.setEnabled(false);
        refreshCluster.addClickListener(e -> loadCluster(true));
        HorizontalLayout clusterRow = new HorizontalLayout(cluster, refreshCluster);
        clusterRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        partition.setLabel("Partition");
        partition.setEmptySelectionAllowed(false);
        partition.setItemLabelGenerator(this::partitionLabel);
        partition.addValueChangeListener(e -> partitionChanged());
        gpuType.setLabel("GPU type");
        gpuType.setEmptySelectionAllowed(true);
        gpuType.setEmptySelectionCaption("any type");
        gpuType.setItemLabelGenerator(this::gpuTypeLabel);
        gpuType.addValueChangeListener(e -> updateGpuHint());
        chartBox.addClassName("mc-launch-gpus");
        FormLayout where = form();
        where.add(partition, gpuType);

        nodes.setMin(1);
        nodes.setMax(SlurmRules.MAX_NODES);
        nodes.setStepButtonsVisible(true);
        gpusPerNode.setMin(0);
        gpusPerNode.setMax(SlurmRules.MAX_GPUS_PER_NODE);
        gpusPerNode.setStepButtonsVisible(true);
        nodes.addValueChangeListener(e -> updateGpuHint());
        gpusPerNode.addValueChangeListener(e -> updateGpuHint());
        timeLimit.setPlaceholder("partition default");
        timeLimit.setHelperText("HH:MM:SS, D-HH:MM:SS or minutes");
        cpusPerTask.setMin(1);
        cpusPerTask.setMax(SlurmRules.MAX_CPUS_PER_TASK);
        cpusPerTask.setPlaceholder("SLURM default");
        memory.setPlaceholder("SLURM default");
        memory.setHelperText("per node, e.g. 32G or 16000M");
        account.setLabel("SLURM account");
        account.setEmptySelectionAllowed(true);
        account.setEmptySelectionCaption("the user's default account");
        account.addValueChangeListener(e -> accountChanged());
        qos.setLabel("QoS");
        qos.setEmptySelectionAllowed(true);
        qos.setEmptySelectionCaption("the association's default QoS");
        constraint.setPlaceholder("any node");
        constraint.setHelperText("node features, e.g. a100&ib or [rack1*2&rack2*4]");
        FormLayout resources = form();
        resources.add(nodes, gpusPerNode, timeLimit, cpusPerTask, memory, account, qos, constraint);

        for (Component field : errorFields().values()) {
            if (field instanceof HasValue<?, ?> value) {
                // checked by SLURM's rule book as it changes (the service's own words); others wait for the service
                value.addValueChangeListener(e -> setError(field, ruleProblem(field)));
            }
            if (field instanceof TextField text) {
                text.setManualValidation(true);
            } else if (field instanceof IntegerField number) {
                number.setManualValidation(true);
            } else if (field instanceof Select<?> select) {
                select.setManualValidation(true);
            } else if (field instanceof ComboBox<?> combo) {
                combo.setManualValidation(true);
            } else if (field instanceof TextArea area) {
                area.setManualValidation(true);
            } else if (field instanceof Checkbox box) {
                box.setManualValidation(true);
            }
        }

        previewButton.addClickListener(e -> preview());
        submitButton.addThemeVariants(ButtonVariant.PRIMARY);
        submitButton.addClickListener(e -> submit());
        ProgressBar progress = new ProgressBar();
        progress.setIndeterminate(true);
        progress.setWidth("10rem");
        working.add(progress, workingText);
        working.setAlignItems(FlexComponent.Alignment.CENTER);
        working.setVisible(false);
        working.addClassName("mc-launch-working");
        HorizontalLayout actions = new HorizontalLayout(previewButton, submitButton, working);
        actions.setAlignItems(FlexComponent.Alignment.CENTER);
        resultBox.addClassName("mc-launch-result");
        previewPanel.addClassName("mc-launch-preview");
        previewPanel.setWidthFull();
        hydraBox.setWidthFull();

        add(new H2("Launch job"), projectNotice, new H3("Code"), code, gitBox, new H3("Cluster"), clusterRow,
                clusterStatus, where, chartBox, new H3("Resources"), resources, new H3("Hydra overrides"), hydraBox,
                formErrors, actions, resultBox, previewPanel);
    }

    private static FormLayout form() {
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 2),
                new FormLayout.ResponsiveStep("56em", 3));
        form.setWidthFull();
        return form;
    }

    // ---- project

    private void projectChanged(Project chosen) {
        clearErrors();
        previewPanel.removeAll();
        gitBox.removeAll();
        hydraBox.removeAll();
        hydra = null;
        allowDirty.setValue(false);
        allowDirty.setVisible(false);
        defaults = MlopsConfig.Resources.NONE;
        if (chosen == null) {
            return;
        }
        projectNotice.removeAll();
        showGitState(chosen);
        MlopsConfigResult settings = projectService.mlopsConfig(chosen.getId());
        switch (settings) {
            case MlopsConfigResult.Loaded loaded -> defaults = loaded.config().resources();
            case MlopsConfigResult.Broken broken -> gitBox.add(errorBox("The project's .mlops-config.yaml cannot be "
                    + "used, so it cannot be launched until it is fixed: " + broken.message()));
        }
        nodes.setValue(Objects.requireNonNullElse(defaults.nodes(), 1));
        gpusPerNode.setValue(Objects.requireNonNullElse(defaults.gpusPerNode(), 1));
        timeLimit.setValue(Objects.requireNonNullElse(defaults.timeLimit(), ""));
        cpusPerTask.setValue(defaults.cpusPerTask());
        memory.setValue(Objects.requireNonNullElse(defaults.memory(), ""));
        constraint.setValue(Objects.requireNonNullElse(defaults.constraint(), ""));
        if (!partitions.isEmpty()) {
            selectDefaultPartition();
        }
        hydra = new HydraSection(projectService.hydraConfig(chosen, settings));
        hydraBox.add(hydra);
        if (prefill != null && chosen.getId().equals(prefill.projectId())) {
            showPrefill(prefill);
        }
    }

    /** The recorded job's values in the form (partition, GPU type, account and QoS follow once the cluster answers). */
    private void showPrefill(LaunchRequest again) {
        name.setValue(Objects.requireNonNullElse(again.name(), ""));
        description.setValue(Objects.requireNonNullElse(again.description(), ""));
        nodes.setValue(again.numNodes());
        gpusPerNode.setValue(again.gpusPerNode());
        timeLimit.setValue(Objects.requireNonNullElse(again.timeLimit(), ""));
        cpusPerTask.setValue(again.cpusPerTask());
        memory.setValue(Objects.requireNonNullElse(again.memory(), ""));
        constraint.setValue(Objects.requireNonNullElse(again.constraint(), ""));
        hydra.prefill(again.hydraOverrides(), again.extraOverrides());
    }

    private void showGitState(Project chosen) {
        GitSnapshot git;
        try {
            git = projectService.gitSnapshot(chosen.getId());
        } catch (ConflictException e) {
            gitBox.add(errorBox(e.getMessage()));
            return;
        }
        Paragraph head = new Paragraph("Runs commit " + git.shortCommit() + " (" + (git.branch() == null
                ? "detached HEAD" : "branch " + git.branch()) + "): " + git.headMessage());
        head.addClassName("mc-launch-commit");
        gitBox.add(head);
        if (git.dirty()) {
            String files = String.join(", ", git.dirtyPaths()) + (git.dirtyFilesTruncated() ? ", …" : "");
            gitBox.add(warning(git.dirtyFileCount() + (git.dirtyFileCount() == 1 ? " file has" : " files have")
                    + " uncommitted changes (" + files + "). A job runs the last commit, without them: commit them "
                    + "first, or tick \"Launch anyway\"."));
            allowDirty.setVisible(true);
            gitBox.add(allowDirty);
        }
        if (!git.pushed()) {
            gitBox.add(warning("Commit " + git.shortCommit() + " is not on any remote yet: it will be shipped to "
                    + "the cluster as a git bundle."));
        }
    }

    // ---- cluster

    private void loadCluster(boolean refresh) {
        int generation = ++clusterGeneration;
        ClusterDefinition chosen = cluster.getValue();
        availability = null;
        partitions = List.of();
        offeredGpus = Map.of();
        associations = null;
        partition.setItems(List.of());
        gpuType.setItems(List.of());
        account.setItems(List.of());
        account.setHelperText(null);
        qos.setItems(List.of());
        gpuType.setHelperText(null);
        gpusPerNode.setHelperText(null);
        chartBox.removeAll();
        clusterStatus.removeAll();
        refreshCluster.setEnabled(false);
        if (chosen == null) {
            return;
        }
        ProgressBar progress = new ProgressBar();
        progress.setIndeterminate(true);
        Span text = new Span("Asking " + chosen.label() + " for its partitions and free GPUs…");
        Div loading = new Div(text, progress);
        loading.addClassName("mc-cluster-loading");
        clusterStatus.add(loading);
        record Loaded(List<Partition> partitions, GpuAvailability gpus, Associations associations,
                      String associationProblem) {
        }
        ClusterIdentity asking = clusterGateway.serviceAccount(chosen.name());
        Background.run(() -> {
                    List<Partition> partitions = clusterGateway.partitions(asking, refresh);
                    GpuAvailability gpus = clusterGateway.gpuAvailability(asking, refresh);
                    try {
                        return new Loaded(partitions, gpus, clusterGateway.associations(asking), null);
                    } catch (ClusterException e) {
                        // a cluster without SLURM accounting still launches: only the lists stay empty
                        return new Loaded(partitions, gpus, null, e.getMessage());
                    }
                },
                loaded -> {
                    if (generation != clusterGeneration) {
                        return; // another cluster was chosen meanwhile
                    }
                    refreshCluster.setEnabled(true);
                    clusterStatus.removeAll();
                    availability = loaded.gpus();
                    partitions = loaded.partitions();
                    associations = loaded.associations();
                    account.setHelperText(loaded.associationProblem() == null ? null
                            : "The SLURM associations could not be read: " + loaded.associationProblem());
                    partition.setItems(partitions.stream().map(Partition::name).toList());
                    selectDefaultPartition();
                    prefill = null; // shown: from now on the form is the member's
                    chartBox.add(GpuCharts.forAvailability(availability));
                    Span fetched = new Span("GPU availability read " + Formats.dateTime(availability.fetchedAt())
                            + (availability.cached() ? " (cached)" : ""));
                    fetched.addClassName("mc-fetched-at");
                    chartBox.add(fetched);
                },
                error -> {
                    if (generation != clusterGeneration) {
                        return;
                    }
                    refreshCluster.setEnabled(true);
                    clusterStatus.removeAll();
                    if (!(error instanceof UnavailableException)) {
                        log.warn("Loading cluster {} for the launch form failed", chosen.name(), error);
                    }
                    Div box = errorBox("Cannot reach " + chosen.label() + ": " + error.getMessage()
                            + ". The partitions and GPUs cannot be shown; the rest of the form still works. "
                            + "Try Refresh, or choose another cluster.");
                    box.addClassName("mc-cluster-unreachable");
                    clusterStatus.add(box);
                });
    }

    private String partitionLabel(String name) {
        Partition p = partitions.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        return name == null ? "" : p == null ? name : name + (p.isDefault() ? " (default)" : "") + (p.available() ? "" : " — down");
    }

    private void selectDefaultPartition() {
        List<String> names = partitions.stream().map(Partition::name).toList();
        String preferred = prefill != null ? prefill.partition() : defaults.partition();
        String pick = preferred != null && names.contains(preferred) ? preferred
                : partitions.stream().filter(Partition::isDefault).map(Partition::name).findFirst()
                .orElse(names.isEmpty() ? null : names.getFirst());
        if (Objects.equals(partition.getValue(), pick)) {
            partitionChanged();
        } else {
            partition.setValue(pick);
        }
    }

    private void partitionChanged() {
        String chosen = partition.getValue();
        List<GpuCount> offered = availability == null || chosen == null ? List.of()
                : availability.partition(chosen).map(PartitionGpus::gpus).orElse(List.of());
        Map<String, GpuCount> byType = offered.stream()
                .collect(Collectors.toMap(GpuCount::gpuType, g -> g, (a, b) -> a, LinkedHashMap::new));
        String previous = gpuType.getValue();
        offeredGpus = byType;
        gpuType.setItems(List.copyOf(byType.keySet()));
        gpuType.setEmptySelectionCaption("any type (" + offered.stream().mapToInt(GpuCount::free).sum() + " of "
                + offered.stream().mapToInt(GpuCount::total).sum() + " free)");
        gpuType.setEnabled(!offered.isEmpty());
        gpuType.setHelperText(chosen != null && availability != null && offered.isEmpty()
                ? "Partition " + chosen + " has no GPUs: set GPUs per node to 0" : null);
        String pick = null;
        if (prefill != null) {
            pick = byType.containsKey(prefill.gpuType()) ? prefill.gpuType() : null; // "" was any type
        } else if (previous != null && byType.containsKey(previous)) {
            pick = previous;
        } else if (defaults.gpuType() != null && byType.containsKey(defaults.gpuType())) {
            pick = defaults.gpuType();
        } else if (!offered.isEmpty()) {
            pick = offered.stream().max(Comparator.comparingInt(GpuCount::free)).map(GpuCount::gpuType).orElseThrow();
        }
        gpuType.setValue(pick);
        updateGpuHint();
        offerAccounts();
    }

    // ---- charge account and QoS: the associations of the launching identity

    /**
     * The accounts the launching identity may charge in the chosen partition; the preselected one is the
     * project's default, else the partition's in clusters.yaml, else the cluster's, when it is among them.
     */
    private void offerAccounts() {
        String where = partition.getValue();
        ChargeDefaults site = cluster.getValue() == null ? ChargeDefaults.NONE : cluster.getValue().charge();
        String preferred = account.getValue() != null ? account.getValue()
                : prefill != null ? blankToNull(prefill.account())
                : defaults.account() != null ? defaults.account() : site.accountFor(where);
        List<String> offered = new ArrayList<>(associations == null ? List.of() : associations.accounts(where));
        if (associations == null && preferred != null) {
            offered.add(preferred); // not checkable here: the launch checks it
        }
        account.setItems(offered);
        account.setValue(preferred != null && offered.contains(preferred) ? preferred : null);
        accountChanged();
    }

    /** The QoS allowed with the chosen account in the chosen partition (with any account when none is chosen). */
    private void accountChanged() {
        String where = partition.getValue();
        String chosen = account.getValue();
        ChargeDefaults site = cluster.getValue() == null ? ChargeDefaults.NONE : cluster.getValue().charge();
        String preferred = qos.getValue() != null ? qos.getValue()
                : prefill != null ? blankToNull(prefill.qos())
                : defaults.qos() != null ? defaults.qos() : site.qosFor(where);
        List<String> offered = new ArrayList<>(associations == null ? List.of()
                : chosen == null ? associations.qos(where) : associations.qos(chosen, where));
        if (associations == null && preferred != null) {
            offered.add(preferred);
        }
        qos.setItems(offered);
        qos.setValue(preferred != null && offered.contains(preferred) ? preferred : null);
    }

    private String gpuTypeLabel(String type) {
        GpuCount g = type == null ? null : offeredGpus.get(type);
        return g == null ? Objects.requireNonNullElse(type, "") : type + " (" + g.free() + " of " + g.total() + " free)";
    }

    /** Under GPUs per node: how many are free now, and that asking for more means waiting (the service's rule). */
    private void updateGpuHint() {
        String chosen = partition.getValue();
        Integer perNode = gpusPerNode.getValue();
        if (availability == null || chosen == null || perNode == null || perNode <= 0) {
            gpusPerNode.setHelperText(null);
            return;
        }
        gpusPerNode.setHelperText(FreeGpus.of(availability, chosen, gpuType.getValue(), perNode,
                Objects.requireNonNullElse(nodes.getValue(), 1)).message());
    }

    /**
     * What SLURM's rule book says about a field's current value, as the launch service would say it; null when
     * it passes, is empty (a default applies) or is not a rule-book field.
     */
    private String ruleProblem(Component field) {
        Optional<SlurmRules.Checked<?>> checked = Optional.empty();
        if (field == name) {
            checked = Optional.of(SlurmRules.jobName(name.getValue()));
        } else if (field == nodes && nodes.getValue() != null) {
            checked = Optional.of(SlurmRules.nodes(nodes.getValue()));
        } else if (field == gpusPerNode && gpusPerNode.getValue() != null) {
            checked = Optional.of(SlurmRules.gpusPerNode(gpusPerNode.getValue()));
        } else if (field == cpusPerTask && cpusPerTask.getValue() != null) {
            checked = Optional.of(SlurmRules.cpusPerTask(cpusPerTask.getValue()));
        } else if (field == memory && !memory.getValue().isBlank()) {
            checked = Optional.of(SlurmRules.memory(memory.getValue()));
        } else if (field == timeLimit && !timeLimit.getValue().isBlank()) {
            checked = Optional.of(SlurmRules.timeLimit(timeLimit.getValue()));
        } else if (field == constraint && !constraint.getValue().isBlank()) {
            checked = Optional.of(SlurmRules.constraint(constraint.getValue()));
        }
        return checked.flatMap(SlurmRules.Checked::problem).map(e -> capitalized(e.message())).orElse(null);
    }

    // ---- preview and submit

    private LaunchRequest request() {
        Project p = project.getValue();
        ClusterDefinition c = cluster.getValue();
        String desc = description.getValue().isBlank() ? null : description.getValue().strip();
        return new LaunchRequest(p == null ? null : p.getId(), name.getValue().strip(), desc,
                c == null ? null : c.name(), partition.getValue(),
                // "" = any type (null would fall back to the project's default type)
                Objects.requireNonNullElse(gpuType.getValue(), ""),
                nodes.getValue(), gpusPerNode.getValue(), timeLimit.getValue().strip(), cpusPerTask.getValue(),
                memory.getValue().strip(),
                // "" = SLURM's default (null would fall back to the project's and the cluster's defaults)
                Objects.requireNonNullElse(account.getValue(), ""), Objects.requireNonNullElse(qos.getValue(), ""),
                constraint.getValue().strip(), hydra == null ? Map.of() : hydra.changedFields(),
                hydra == null ? List.of() : hydra.extraOverrides(), allowDirty.getValue(), requestKey);
    }

    private void preview() {
        clearErrors();
        resultBox.removeAll();
        previewPanel.removeAll();
        LaunchRequest request = request();
        int generation = ++previewGeneration;
        previewing = true;
        refreshActions();
        Background.run(() -> launchService.plan(request), plan -> {
            if (generation != previewGeneration) {
                return;
            }
            previewing = false;
            refreshActions();
            showPlan(plan);
        }, error -> {
            if (generation != previewGeneration) {
                return;
            }
            previewing = false;
            refreshActions();
            showFailure(error, "The script cannot be rendered");
        });
    }

    private void showPlan(LaunchPlan plan) {
        previewPanel.removeAll();
        previewPanel.add(new H3("Script preview"));
        for (String w : plan.warnings()) {
            Paragraph p = warning(w);
            p.addClassName("mc-plan-warning");
            previewPanel.add(p);
        }
        previewPanel.add(new Paragraph("Commit " + plan.commitSha() + ", code "
                + (plan.codeSource() == LaunchPlan.CodeSource.REMOTE ? "fetched from the project's remote"
                : "shipped as a git bundle") + (plan.overrideArgs().isEmpty() ? "; no overrides."
                : "; overrides: " + String.join(" ", plan.overrideArgs()) + ".") + " The job id in it ("
                + plan.spec().jobId() + ") stands in for the id the job gets when it is submitted."));
        Pre script = new Pre(plan.script());
        script.addClassNames("mc-pre", "mc-script");
        previewPanel.add(script);
    }

    private void submit() {
        if (submitting) {
            return; // a second click while the first is on its way
        }
        clearErrors();
        resultBox.removeAll();
        LaunchRequest request = request();
        submitting = true;
        submittingTo = request.cluster();
        refreshActions();
        Background.run(() -> launchService.launch(request), job -> {
            submitting = false;
            refreshActions();
            submitted(job);
        }, error -> {
            submitting = false;
            refreshActions();
            showFailure(error, "The job was not submitted");
        });
    }

    private void submitted(Job job) {
        if (job.getStatus() == JobStatus.SUBMIT_FAILED) {
            requestKey = UUID.randomUUID().toString(); // that attempt is recorded; a retry is a new job
            Div box = errorBox("SLURM did not accept job " + job.getName() + ": " + job.getStatusReason());
            box.addClassName("mc-submit-failed");
            box.add(new Div(new Span("The attempt is recorded: "), new RouterLink("job " + job.getName(),
                    JobView.class, new RouteParameters("jobId", job.getId()))));
            resultBox.add(box);
            return;
        }
        if (job.getSlurmJobId() == null) {
            Div box = new Div(new Paragraph("Job " + job.getName() + " is recorded (" + job.getStatus() + ") but "
                    + "the cluster's answer did not arrive: the portal settles it by itself, nothing is submitted "
                    + "twice."), new RouterLink("Open job " + job.getName(), JobView.class,
                    new RouteParameters("jobId", job.getId())));
            box.addClassName("mc-warning");
            resultBox.add(box);
            return;
        }
        Notifications.success("Submitted job " + job.getName() + " as SLURM job " + job.getSlurmJobId());
        UI.getCurrent().navigate("jobs/" + job.getId());
    }

    /** Shows why the service refused or could not answer: on the fields, or in a box. */
    private void showFailure(RuntimeException error, String what) {
        switch (error) {
            case InvalidInputException invalid -> {
                showErrors(invalid.errors());
                Div box = errorBox(what + ": " + (invalid.errors().size() == 1 ? "1 problem is"
                        : invalid.errors().size() + " problems are") + " shown on the fields.");
                formErrors.add(box);
            }
            case UnavailableException unavailable -> resultBox.add(errorBox(what + ": the cluster cannot be reached ("
                    + unavailable.getMessage() + ")."));
            default -> {
                log.error("Launch form: unexpected failure", error);
                resultBox.add(errorBox(what + ": something went wrong (" + error.getClass().getSimpleName()
                        + "). The details are in the server log."));
            }
        }
    }

    private void showErrors(List<FieldError> errors) {
        Map<String, Component> fields = errorFields();
        List<FieldError> hydraErrors = new ArrayList<>();
        List<String> unplaced = new ArrayList<>();
        for (FieldError error : errors) {
            Component field = fields.get(error.field());
            if (field == allowDirty && allowDirty.getParent().isEmpty()) {
                gitBox.add(allowDirty); // the work tree became dirty after the project was chosen
            }
            if (field != null) {
                field.setVisible(true);
                setError(field, capitalized(error.message()));
            } else if (error.field().equals("hydra_overrides") || error.field().equals("extra_overrides")) {
                hydraErrors.add(error);
            } else {
                unplaced.add(error.field() + ": " + error.message());
            }
        }
        if (!hydraErrors.isEmpty()) {
            if (hydra != null) {
                hydra.showErrors(hydraErrors);
            } else {
                hydraErrors.forEach(e -> unplaced.add(e.message()));
            }
        }
        unplaced.forEach(m -> formErrors.add(errorBox(m)));
    }

    private void clearErrors() {
        errorFields().values().forEach(f -> setError(f, null));
        formErrors.removeAll();
        if (hydra != null) {
            hydra.clearErrors();
        }
    }

    /** The form's fields by the names the launch service gives its errors. */
    private Map<String, Component> errorFields() {
        Map<String, Component> fields = new HashMap<>();
        fields.put("project_id", project);
        fields.put("name", name);
        fields.put("description", description);
        fields.put("cluster", cluster);
        fields.put("partition", partition);
        fields.put("gpu_type", gpuType);
        fields.put("num_nodes", nodes);
        fields.put("gpus_per_node", gpusPerNode);
        fields.put("time_limit", timeLimit);
        fields.put("cpus_per_task", cpusPerTask);
        fields.put("memory", memory);
        fields.put("account", account);
        fields.put("qos", qos);
        fields.put("constraint", constraint);
        fields.put("allow_dirty", allowDirty);
        return fields;
    }

    /** Buttons and the progress indicator follow what is under way. */
    private void refreshActions() {
        submitButton.setEnabled(!submitting);
        previewButton.setEnabled(!submitting && !previewing);
        working.setVisible(submitting || previewing);
        workingText.setText(submitting
                ? "Submitting to " + (submittingTo == null ? "the cluster" : submittingTo) + "…"
                : "Rendering the script (asking the cluster for partitions and GPUs)…");
    }

    // ---- small pieces

    private static void setError(Component field, String message) {
        if (field instanceof HasValidationProperties v) {
            v.setInvalid(message != null);
            v.setErrorMessage(message);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String capitalized(String message) {
        return message == null || message.isEmpty() ? message
                : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    private static Paragraph warning(String text) {
        Paragraph p = new Paragraph(text);
        p.addClassName("mc-warning");
        return p;
    }

    private static Div errorBox(String text) {
        Div box = new Div(new Span(text));
        box.addClassName("mc-error-box");
        return box;
    }
}

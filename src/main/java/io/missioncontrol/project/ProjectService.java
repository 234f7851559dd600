package io.missioncontrol.project;

import static io.missioncontrol.base.Printable.printable;

import io.missioncontrol.base.ConflictException;
import io.missioncontrol.base.InvalidInputException;
import io.missioncontrol.base.InvalidInputException.FieldError;
import io.missioncontrol.base.NotFoundException;
import io.missioncontrol.base.SafeNames;
import io.missioncontrol.project.git.GitInspector;
import io.missioncontrol.project.git.GitProjectException;
import io.missioncontrol.project.git.GitSnapshot;
import io.missioncontrol.project.hydra.HydraConfigException;
import io.missioncontrol.project.hydra.HydraConfigLoader;
import io.missioncontrol.project.hydra.HydraLoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registered projects: adding a Git work tree, re-reading its Git state, deleting it, and reading
 * what lives in it ({@code .mlops-config.yaml}, the Hydra config, the live Git state).
 *
 * <p>Disk and Git reads happen outside database transactions, so a slow work tree never holds a
 * connection; the short writes run in their own transactions. Everything returned is detached and
 * fully loaded (no lazy proxies).
 */
@Service
@Transactional(readOnly = true)
public class ProjectService {

    private static final Logger log = LoggerFactory.getLogger(ProjectService.class);

    /** Newest first unless the caller sorts otherwise. */
    static final Sort DEFAULT_SORT = Sort.by(Sort.Direction.DESC, "addedAt");

    /** What a project name may be: it becomes a folder name on clusters and part of job paths. */
    public static final Pattern NAME = SafeNames.NAME;

    static final String NAME_RULE = "a project name starts with a letter or digit and has only letters, digits, "
            + "'.', '_' and '-' (at most 100 characters)";

    private final ProjectRepository projects;
    private final ProjectJobs jobs;
    private final Clock clock;
    private final TransactionTemplate writeTx;
    private final GitInspector git = new GitInspector();
    private final MlopsConfigReader mlopsReader = new MlopsConfigReader();

    public ProjectService(ProjectRepository projects, ProjectJobs jobs, Clock clock,
                          PlatformTransactionManager transactionManager) {
        this.projects = projects;
        this.jobs = jobs;
        this.clock = clock;
        this.writeTx = new TransactionTemplate(transactionManager);
    }

    /** One page of projects with their job counts: one query for the page, one grouped count for its projects. */
    public Slice<ProjectSummary> findSummaries(Pageable pageable) {
        Pageable sorted = pageable.getSort().isSorted() ? pageable
                : PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), DEFAULT_SORT);
        Slice<Project> page = projects.findPage(sorted);
        Map<String, Long> jobCounts = page.isEmpty() ? Map.of() : jobs.totals(page.map(Project::getId).getContent());
        return page.map(p -> ProjectSummary.of(p, jobCounts.getOrDefault(p.getId(), 0L)));
    }

    public List<Project> findAll() {
        return projects.findAll(DEFAULT_SORT);
    }

    public boolean hasProjects() {
        return projects.count() > 0;
    }

    /** @throws NotFoundException when there is no project with this id */
    public Project get(String id) {
        return projects.findById(id == null ? "" : id)
                .orElseThrow(() -> new NotFoundException("No project with id '" + id + "'"));
    }

    /**
     * Registers the Git work tree at {@code localPath} and records its Git state.
     *
     * @param localPath the absolute path of the work tree's root (normalised, symbolic links resolved before storing)
     * @param name      the project's name, or null/blank for the folder's name
     * @throws InvalidInputException      naming {@code local_path} and/or {@code name}
     * @throws DuplicateProjectException when the path or (case-insensitively) the name is registered already
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Project add(String localPath, String name) {
        List<FieldError> errors = new ArrayList<>();
        Path workTree = null;
        GitSnapshot snapshot = null;
        try {
            workTree = GitInspector.requireWorkTree(localPath);
            snapshot = git.inspect(workTree);
        } catch (GitProjectException e) {
            errors.add(new FieldError("local_path", e.getMessage()));
        }
        String projectName = name == null || name.isBlank() ? null : name.strip();
        if (projectName != null) {
            if (!NAME.matcher(projectName).matches()) {
                errors.add(new FieldError("name", "'" + printable(projectName) + "' cannot be used: " + NAME_RULE));
            }
        } else if (workTree != null) {
            Path folder = workTree.getFileName();
            projectName = folder == null ? "" : folder.toString();
            if (!NAME.matcher(projectName).matches()) {
                errors.add(new FieldError("name", "The folder name '" + printable(projectName)
                        + "' cannot be the project name (" + NAME_RULE + "); enter a name"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Path path = workTree;
        GitSnapshot state = snapshot;
        String finalName = projectName;
        try {
            return writeTx.execute(tx -> {
                projects.findByLocalPath(path.toString()).ifPresent(existing -> {
                    throw new DuplicateProjectException("local_path",
                            "'" + path + "' is already registered as project '" + existing.getName() + "'");
                });
                projects.findFirstByNameIgnoreCase(finalName).ifPresent(existing -> {
                    throw new DuplicateProjectException("name", "A project named '" + existing.getName()
                            + "' already exists; choose another name");
                });
                Project project = new Project(finalName, path.toString(), clock.instant());
                record(project, state);
                return projects.saveAndFlush(project);
            });
        } catch (DataIntegrityViolationException e) {
            // Someone registered the same path or name between the check and the insert.
            throw new ConflictException("'" + path + "' or the name '" + finalName + "' was registered just now; reload");
        }
    }

    /**
     * Re-reads the project's Git state from its work tree and records it with the time of the sync.
     *
     * @throws NotFoundException when there is no such project
     * @throws ConflictException when the work tree cannot be read any more (moved, deleted, no commits)
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Project sync(String id) {
        Project project = get(id);
        GitSnapshot snapshot = readGit(project);
        return writeTx.execute(tx -> {
            Project current = get(id);
            record(current, snapshot);
            return projects.saveAndFlush(current);
        });
    }

    /**
     * The project's Git state as it is on disk right now (dirty files, pushed or not, remote branches),
     * without recording anything.
     *
     * @throws ConflictException when the work tree cannot be read any more
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public GitSnapshot gitSnapshot(String id) {
        return readGit(get(id));
    }

    /** The Git state of {@code project}'s work tree, as {@link #gitSnapshot(String)}, for a project already read. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public GitSnapshot gitSnapshot(Project project) {
        return readGit(project);
    }

    /** How many job records the project has, and how many are active. */
    public ProjectJobCounts jobCounts(String id) {
        get(id);
        return jobs.counts(id);
    }

    /**
     * What deleting the project would remove, or why it cannot be deleted now.
     *
     * @throws ConflictException while the project has active jobs
     */
    public ProjectJobCounts deletionCheck(String id) {
        Project project = get(id);
        ProjectJobCounts counts = jobCounts(id);
        if (counts.active() > 0) {
            throw activeJobs(project, counts.active());
        }
        return counts;
    }

    /**
     * Deletes the project and its job records (with their status history). The work tree on disk and
     * anything on the clusters are left alone.
     *
     * @throws NotFoundException when there is no such project
     * @throws ConflictException while the project has active jobs
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public ProjectDeletion delete(String id) {
        Project project = get(id);
        ProjectJobs.Deletion deletion;
        try {
            // the job side checks and deletes atomically, so a job submitted meanwhile is never deleted with it
            deletion = jobs.deleteUnlessAJobIsActive(id);
        } catch (ConcurrencyFailureException e) {
            throw new ConflictException("Project '" + project.getName() + "' was not deleted: its jobs changed "
                    + "meanwhile (one may have just been submitted); look again, then delete it");
        }
        long active = deletion.counts().active();
        if (!deletion.deleted()) {
            throw active > 0 ? activeJobs(project, active) : new NotFoundException("No project with id '" + id + "'");
        }
        long jobCount = deletion.counts().total();
        log.info("Deleted project {} ({}) and {} job records", project.getName(), project.getId(), jobCount);
        return new ProjectDeletion(project.getId(), project.getName(), jobCount);
    }

    /** The project's {@code .mlops-config.yaml}, read from its work tree, or why it cannot be used. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public MlopsConfigResult mlopsConfig(String id) {
        return readMlopsConfig(Path.of(get(id).getLocalPath()));
    }

    /**
     * The project's Hydra config, located by {@code hydra.config_path}/{@code config_name} of its
     * {@code .mlops-config.yaml}, else by the common layouts. A broken {@code .mlops-config.yaml} is an
     * {@link HydraLoadResult.Invalid} naming that file, since it is then unknown where to look.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public HydraLoadResult hydraConfig(String id) {
        Project project = get(id);
        return hydraConfig(project, readMlopsConfig(Path.of(project.getLocalPath())));
    }

    /** The Hydra config located by {@code settings} (already read by the caller, so it is not read twice). */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public HydraLoadResult hydraConfig(Project project, MlopsConfigResult settings) {
        Path root = Path.of(project.getLocalPath());
        return switch (settings) {
            case MlopsConfigResult.Loaded loaded -> loadHydra(root, loaded.config().hydra());
            case MlopsConfigResult.Broken broken -> new HydraLoadResult.Invalid(brokenSettings(broken));
        };
    }

    // ---- internals

    private GitSnapshot readGit(Project project) {
        try {
            return git.inspect(Path.of(project.getLocalPath()));
        } catch (GitProjectException e) {
            throw new ConflictException("Cannot read the Git state of project '" + project.getName() + "': "
                    + e.getMessage());
        }
    }

    private void record(Project project, GitSnapshot snapshot) {
        project.synced(snapshot.remoteUrl(), snapshot.branch(), snapshot.headCommit(), snapshot.dirty(),
                snapshot.pushed(), clock.instant());
    }

    private static ConflictException activeJobs(Project project, long active) {
        return new ConflictException("Project '" + project.getName() + "' has " + active + " active job"
                + (active == 1 ? "" : "s") + " (being submitted, queued or running); cancel "
                + (active == 1 ? "it" : "them") + " or wait until " + (active == 1 ? "it ends" : "they end")
                + ", then delete the project");
    }

    private MlopsConfigResult readMlopsConfig(Path root) {
        if (!Files.isDirectory(root)) {
            return new MlopsConfigResult.Broken("The project folder '" + root + "' does not exist any more", List.of());
        }
        try {
            MlopsConfig config = mlopsReader.read(root);
            return new MlopsConfigResult.Loaded(config, Files.exists(root.resolve(MlopsConfig.FILE_NAME)));
        } catch (MlopsConfigException e) {
            return new MlopsConfigResult.Broken(e.getMessage(), e.problems());
        } catch (RuntimeException e) {
            log.warn("Could not read {} in {}", MlopsConfig.FILE_NAME, root, e);
            return new MlopsConfigResult.Broken(MlopsConfig.FILE_NAME + " could not be read: " + e.getMessage(), List.of());
        }
    }

    private static HydraLoadResult loadHydra(Path root, MlopsConfig.HydraLocation location) {
        try {
            return HydraConfigLoader.load(root, location.configPath(), location.configName());
        } catch (RuntimeException e) {
            log.warn("Could not load the Hydra config in {}", root, e);
            return new HydraLoadResult.Invalid(new HydraConfigException(null, 0,
                    "the Hydra config could not be read: " + e.getMessage(), e));
        }
    }

    private static HydraConfigException brokenSettings(MlopsConfigResult.Broken broken) {
        if (broken.problems().isEmpty()) {
            return new HydraConfigException(null, 0, broken.message()
                    + "; so it is unknown where the Hydra config is");
        }
        MlopsConfigException.Problem first = broken.problems().getFirst();
        return new HydraConfigException(MlopsConfig.FILE_NAME, first.line(), first.message()
                + (broken.problems().size() > 1 ? " (and " + (broken.problems().size() - 1) + " more problems)" : "")
                + "; fix it so Mission Control knows where the Hydra config is");
    }
}

package io.missioncontrol.project.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.SpringIntegrationTest;
import io.missioncontrol.TestData;
import io.missioncontrol.job.JobRepository;
import io.missioncontrol.job.JobStatus;
import io.missioncontrol.job.JobStatusChange;
import io.missioncontrol.job.JobStatusChangeRepository;
import io.missioncontrol.project.GitProjects;
import io.missioncontrol.project.Project;
import io.missioncontrol.project.ProjectRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProjectApiTest extends SpringIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired ProjectRepository projects;
    @Autowired JobRepository jobs;
    @Autowired JobStatusChangeRepository history;

    @TempDir Path tmp;

    @BeforeEach
    void emptyTables() {
        deleteAllRows();
    }

    // ---- list

    @Test
    void listIsAnEmptyJsonArrayAtFirst() {
        ResponseEntity<String> response = api().get().uri("/api/projects/").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("[]");
    }

    @Test
    void listUsesTheSeedsSnakeCaseFieldNames() {
        TestData.project(projects, "bert", Instant.parse("2026-11-20T08:00:00Z"));
        String body = api().get().uri("/api/projects/").retrieve().body(String.class);
        assertThat(body).contains("\"name\":\"bert\"", "\"local_path\":\"/tmp/projects/bert\"",
                "\"repo_url\":", "\"current_branch\":\"main\"", "\"current_commit\":", "\"added_at\":",
                "\"last_synced\":", "\"is_dirty\":false", "\"is_pushed\":true");
    }

    @Test
    void healthIsUp() {
        String body = api().get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void unknownApiPathsAnswerWithAProblemDetail() {
        ResponseEntity<String> response = api().get().uri("/api/projects/nope/nothing")
                .header("Accept", "application/problem+json").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(response.getBody()).contains("\"status\":404", "\"instance\":\"/api/projects/nope/nothing\"");
    }

    // ---- add

    @Test
    void addingAWorkTreeAnswers201WithItsGitState() throws IOException {
        Git git = GitProjects.visionProject(tmp);
        String head = git.getRepository().resolve("HEAD").name();

        ResponseEntity<String> response = post("/api/projects/", Map.of("local_path", GitProjects.workTree(git).toString()));

        assertThat(response.getStatusCode().value()).isEqualTo(201);
        JsonNode project = json(response);
        assertThat(response.getHeaders().getLocation()).hasToString("/api/projects/" + project.get("id").asString());
        assertThat(project.get("name").asString()).isEqualTo("vision");
        assertThat(project.get("local_path").asString()).isEqualTo(GitProjects.realPath(git));
        assertThat(project.get("repo_url").asString()).endsWith("vision-origin.git/");
        assertThat(project.get("current_branch").asString()).isEqualTo("main");
        assertThat(project.get("current_commit").asString()).isEqualTo(head);
        assertThat(project.get("is_dirty").asBoolean()).isFalse();
        assertThat(project.get("is_pushed").asBoolean()).isTrue();
        assertThat(project.get("added_at").isNull()).isFalse();
        assertThat(project.get("last_synced").isNull()).isFalse();
        assertThat(projects.count()).isEqualTo(1);
    }

    @Test
    void addingWithoutTrailingSlashAndWithANameWorksToo() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("scratch"));
        GitProjects.write(git, "notes.txt", "draft\n");

        ResponseEntity<String> response = post("/api/projects",
                Map.of("local_path", GitProjects.workTree(git) + "/", "name", "bert-large"));

        assertThat(response.getStatusCode().value()).isEqualTo(201);
        JsonNode project = json(response);
        assertThat(project.get("name").asString()).isEqualTo("bert-large");
        assertThat(project.get("is_dirty").asBoolean()).isTrue();
        assertThat(project.get("is_pushed").asBoolean()).isFalse();
        assertThat(project.get("repo_url").isNull()).isTrue();
    }

    @Test
    void aRelativePathIsA400NamingLocalPath() {
        ResponseEntity<String> response = post("/api/projects/", Map.of("local_path", "code/model"));

        assertProblem(response, 400, "local_path", "not an absolute path");
    }

    @Test
    void aPathThatDoesNotExistIsA400NamingLocalPath() {
        ResponseEntity<String> response = post("/api/projects/", Map.of("local_path", tmp.resolve("gone").toString()));

        assertProblem(response, 400, "local_path", "does not exist");
    }

    @Test
    void aFolderThatIsNotAGitWorkTreeIsA400NamingLocalPath() throws IOException {
        Files.createDirectories(tmp.resolve("plain"));

        ResponseEntity<String> response = post("/api/projects/", Map.of("local_path", tmp.resolve("plain").toString()));

        assertProblem(response, 400, "local_path", "is not a Git work tree");
    }

    @Test
    void aRepositoryWithoutCommitsIsA400NamingLocalPath() {
        GitProjects.init(tmp.resolve("empty"));

        ResponseEntity<String> response = post("/api/projects/", Map.of("local_path", tmp.resolve("empty").toString()));

        assertProblem(response, 400, "local_path", "no commits yet");
    }

    @Test
    void aMissingLocalPathIsA400NamingLocalPath() {
        assertProblem(post("/api/projects/", Map.of("name", "x")), 400, "local_path", "empty");
        ResponseEntity<String> noBody = api().post().uri("/api/projects/").contentType(MediaType.APPLICATION_JSON)
                .retrieve().toEntity(String.class);
        assertProblem(noBody, 400, "local_path", "required");
    }

    @Test
    void anInvalidNameIsA400NamingName() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("ok"));

        ResponseEntity<String> response = post("/api/projects/",
                Map.of("local_path", GitProjects.workTree(git).toString(), "name", "my model; rm -rf ~"));

        assertProblem(response, 400, "name", "starts with a letter or digit");
        assertThat(projects.count()).isZero();
    }

    @Test
    void aFolderNameThatIsNoValidNameAsksForAName() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("my model"));

        ResponseEntity<String> response = post("/api/projects/", Map.of("local_path", GitProjects.workTree(git).toString()));

        assertProblem(response, 400, "name", "enter a name");
    }

    @Test
    void aBadPathAndABadNameAreBothReported() {
        JsonNode problem = json(post("/api/projects/", Map.of("local_path", "relative", "name", "-bad")));

        assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("local_path", "name");
    }

    @Test
    void theSamePathTwiceIsA409NamingLocalPath() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("twice"));
        assertThat(post("/api/projects/", Map.of("local_path", GitProjects.workTree(git).toString()))
                .getStatusCode().value()).isEqualTo(201);

        ResponseEntity<String> response = post("/api/projects/",
                Map.of("local_path", tmp.resolve("twice/../twice").toString(), "name", "other"));

        assertProblem(response, 409, "local_path", "already registered as project 'twice'");
    }

    @Test
    void theSameNameTwiceIgnoringCaseIsA409NamingName() {
        Git first = GitProjects.repoWithOneCommit(tmp.resolve("a"));
        Git second = GitProjects.repoWithOneCommit(tmp.resolve("b"));
        post("/api/projects/", Map.of("local_path", GitProjects.workTree(first).toString(), "name", "Bert"));

        ResponseEntity<String> response = post("/api/projects/",
                Map.of("local_path", GitProjects.workTree(second).toString(), "name", "bert"));

        assertProblem(response, 409, "name", "A project named 'Bert' already exists");
    }

    // ---- get, sync

    @Test
    void getAnswersTheProjectWithAndWithoutTrailingSlash() {
        String id = addRepo(GitProjects.repoWithOneCommit(tmp.resolve("getme")));

        for (String uri : List.of("/api/projects/" + id, "/api/projects/" + id + "/")) {
            ResponseEntity<String> response = api().get().uri(uri).retrieve().toEntity(String.class);
            assertThat(response.getStatusCode().value()).isEqualTo(200);
            assertThat(json(response).get("name").asString()).isEqualTo("getme");
        }
    }

    @Test
    void anUnknownIdIsA404ProblemDetail() {
        for (var request : List.of(
                api().get().uri("/api/projects/no-such-id"),
                api().post().uri("/api/projects/no-such-id/sync"),
                api().delete().uri("/api/projects/no-such-id"),
                api().get().uri("/api/projects/no-such-id/hydra-config"))) {
            ResponseEntity<String> response = request.retrieve().toEntity(String.class);
            assertThat(response.getStatusCode().value()).isEqualTo(404);
            assertThat(json(response).get("detail").asString()).isEqualTo("No project with id 'no-such-id'");
        }
    }

    @Test
    void syncAfterANewCommitRecordsTheNewCommit() throws Exception {
        Git git = GitProjects.visionProject(tmp);
        String id = addRepo(git);
        Instant firstSync = Instant.parse(json(api().get().uri("/api/projects/" + id).retrieve().toEntity(String.class))
                .get("last_synced").asString());
        Thread.sleep(5);
        RevCommit next = GitProjects.commitFile(git, "src/model.py", "class Net: pass\n", "Add the model");
        GitProjects.write(git, "scratch.py", "print('wip')\n");

        ResponseEntity<String> response = api().post().uri("/api/projects/" + id + "/sync").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode project = json(response);
        assertThat(project.get("current_commit").asString()).isEqualTo(next.name());
        assertThat(project.get("is_pushed").asBoolean()).isFalse();
        assertThat(project.get("is_dirty").asBoolean()).isTrue();
        assertThat(Instant.parse(project.get("last_synced").asString())).isAfter(firstSync);
        assertThat(projects.findById(id).orElseThrow().getCurrentCommit()).isEqualTo(next.name());

        GitProjects.push(git, "main");
        JsonNode again = json(api().post().uri("/api/projects/" + id + "/sync/").retrieve().toEntity(String.class));
        assertThat(again.get("is_pushed").asBoolean()).isTrue();
    }

    @Test
    void syncOfAProjectWhoseFolderWasDeletedIsA409SayingSo() {
        Git git = GitProjects.repoWithOneCommit(tmp.resolve("doomed"));
        String id = addRepo(git);
        git.close();
        FileSystemUtils.deleteRecursively(tmp.resolve("doomed").toFile());

        ResponseEntity<String> response = api().post().uri("/api/projects/" + id + "/sync").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(409);
        assertThat(json(response).get("detail").asString())
                .contains("Cannot read the Git state of project 'doomed'", "does not exist");
    }

    // ---- delete

    @Test
    void deleteRemovesTheProjectAndSaysHowManyJobRecordsWent() {
        Project project = TestData.project(projects, "bert", Instant.now());
        var done = TestData.job(jobs, project, "warmup", JobStatus.COMPLETED, Instant.now());
        TestData.job(jobs, project, "oops", JobStatus.FAILED, Instant.now());
        history.save(new JobStatusChange(done.getId(), JobStatus.COMPLETED, null, Instant.now()));
        Project other = TestData.project(projects, "other", Instant.now());
        TestData.job(jobs, other, "kept", JobStatus.RUNNING, Instant.now());

        ResponseEntity<String> response = api().delete().uri("/api/projects/" + project.getId()).retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"deleted\":true,\"jobs_deleted\":2}");
        assertThat(projects.findById(project.getId())).isEmpty();
        assertThat(jobs.countByProjectId(project.getId())).isZero();
        assertThat(history.count()).isZero();
        assertThat(jobs.countByProjectId(other.getId())).isEqualTo(1);
    }

    @Test
    void deleteIsRefusedWith409WhileJobsAreActive() {
        Project project = TestData.project(projects, "busy", Instant.now());
        TestData.job(jobs, project, "done", JobStatus.COMPLETED, Instant.now());
        TestData.job(jobs, project, "queued", JobStatus.PENDING, Instant.now());

        ResponseEntity<String> response = api().delete().uri("/api/projects/" + project.getId() + "/").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(409);
        assertThat(json(response).get("detail").asString()).contains("'busy' has 1 active job");
        assertThat(projects.findById(project.getId())).isPresent();
        assertThat(jobs.countByProjectId(project.getId())).isEqualTo(2);
    }

    // ---- hydra-config

    @Test
    void hydraConfigOfARealisticProjectHasGroupsDefaultsAndTypedValues() {
        String id = addRepo(GitProjects.visionProject(tmp));

        ResponseEntity<String> response = api().get().uri("/api/projects/" + id + "/hydra-config").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode config = json(response);
        assertThat(fieldNames(config)).containsExactly("config_path", "config_name", "groups", "values");
        assertThat(config.get("config_path").asString()).isEqualTo("configs");
        assertThat(config.get("config_name").asString()).isEqualTo("train");
        assertThat(config.get("groups").toString()).isEqualTo("""
                [{"name":"dataset","options":["cifar10","imagenet"],"default":"cifar10"},\
                {"name":"experiment","options":["big_resnet","quick"],"default":null},\
                {"name":"model","options":["cnn","mlp","resnet"],"default":"cnn"},\
                {"name":"model/optimizer","options":["adam","sgd"],"default":"adam"},\
                {"name":"trainer","options":["default","fast"],"default":"default"}]""");
        JsonNode values = config.get("values");
        assertThat(fieldNames(values)).containsExactly(
                "model", "dataset", "trainer", "seed", "run_name", "tags", "notes", "debug", "output_dir");
        assertThat(values.at("/model/lr").isDouble()).isTrue();
        assertThat(values.at("/model/lr").asDouble()).isEqualTo(0.001);
        assertThat(values.at("/model/optimizer/name").asString()).isEqualTo("adam");
        assertThat(values.at("/trainer/max_epochs").asInt()).isEqualTo(20);
        assertThat(values.at("/trainer/precision").asString()).isEqualTo("16-mixed");
        assertThat(values.at("/seed").isInt()).isTrue();
        assertThat(values.at("/debug").isBoolean()).isTrue();
        assertThat(values.at("/notes").asString()).isEqualTo("???");
        assertThat(values.at("/dataset/root").asString()).isEqualTo("${oc.env:DATA_DIR,/data}/cifar10");
        assertThat(values.at("/tags").toString()).isEqualTo("[\"vision\",\"${model.name}\"]");
        assertThat(values.has("hydra")).isFalse();
    }

    @Test
    void hydraConfigIsFoundInCommonLayoutsWithoutMlopsConfig() {
        Git git = GitProjects.init(tmp.resolve("plain-hydra"));
        GitProjects.write(git, "conf/config.yaml", "defaults:\n  - db: mysql\n  - _self_\nlr: 0.1\n");
        GitProjects.write(git, "conf/db/mysql.yaml", "host: localhost\nport: 3306\n");
        GitProjects.write(git, "conf/db/sqlite.yaml", "file: db.sqlite\n");
        GitProjects.commitAll(git, "configs");
        String id = addRepo(git);

        JsonNode config = json(api().get().uri("/api/projects/" + id + "/hydra-config/").retrieve().toEntity(String.class));

        assertThat(config.get("config_path").asString()).isEqualTo("conf");
        assertThat(config.get("config_name").asString()).isEqualTo("config");
        assertThat(config.get("groups").toString())
                .isEqualTo("[{\"name\":\"db\",\"options\":[\"mysql\",\"sqlite\"],\"default\":\"mysql\"}]");
        assertThat(config.get("values").toString()).isEqualTo("{\"db\":{\"host\":\"localhost\",\"port\":3306},\"lr\":0.1}");
    }

    @Test
    void noHydraConfigIsA404SayingWhereItLooked() {
        String id = addRepo(GitProjects.repoWithOneCommit(tmp.resolve("nohydra")));

        ResponseEntity<String> response = api().get().uri("/api/projects/" + id + "/hydra-config").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("detail").asString()).startsWith("no Hydra config found (looked at configs/train.yaml, ");
        assertThat(problem.get("looked_at").get(0).asString()).isEqualTo("configs/train.yaml");
    }

    @Test
    void aBrokenHydraConfigIsA422NamingFileAndLine() {
        Git git = GitProjects.init(tmp.resolve("broken-hydra"));
        GitProjects.write(git, "configs/train.yaml", "defaults:\n  - model: cnn\n  - _self_\nlr: 0.1\n");
        GitProjects.write(git, "configs/model/cnn.yaml", "name: cnn\nlayers: [1, 2\n");
        GitProjects.commitAll(git, "broken");
        String id = addRepo(git);

        ResponseEntity<String> response = api().get().uri("/api/projects/" + id + "/hydra-config").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        JsonNode problem = json(response);
        assertThat(problem.get("file").asString()).isEqualTo("configs/model/cnn.yaml");
        assertThat(problem.get("line").asInt()).isPositive();
        assertThat(problem.get("detail").asString()).startsWith("configs/model/cnn.yaml, line ");
    }

    @Test
    void aBrokenMlopsConfigMakesTheHydraConfigA422NamingThatFile() {
        Git git = GitProjects.visionProject(tmp);
        GitProjects.write(git, ".mlops-config.yaml", "hydra:\n  config_path: configs\nresources:\n  nodes: many\n");
        String id = addRepo(git);

        ResponseEntity<String> response = api().get().uri("/api/projects/" + id + "/hydra-config").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        JsonNode problem = json(response);
        assertThat(problem.get("file").asString()).isEqualTo(".mlops-config.yaml");
        assertThat(problem.get("line").asInt()).isEqualTo(4);
        assertThat(problem.get("detail").asString()).contains("resources.nodes must be a whole number");
    }

    // ---- helpers

    private String addRepo(Git git) {
        ResponseEntity<String> response = post("/api/projects/", Map.of("local_path", GitProjects.workTree(git).toString()));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return json(response).get("id").asString();
    }

    private ResponseEntity<String> post(String uri, Map<String, String> body) {
        return api().post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(new LinkedHashMap<>(body))).retrieve().toEntity(String.class);
    }

    private static JsonNode json(ResponseEntity<String> response) {
        return JSON.readTree(response.getBody());
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }

    private static void assertProblem(ResponseEntity<String> response, int status, String field, String detailPart) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("field").asString()).isEqualTo(field);
        assertThat(problem.get("detail").asString()).contains(detailPart);
    }
}

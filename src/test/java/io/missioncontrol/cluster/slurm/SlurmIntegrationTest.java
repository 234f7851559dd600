package io.missioncontrol.cluster.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.missioncontrol.cluster.ClusterDefinition;
import io.missioncontrol.cluster.DevCluster;
import io.missioncontrol.cluster.gpu.GpuAvailability;
import io.missioncontrol.cluster.gpu.GpuAvailabilityService;
import io.missioncontrol.cluster.gpu.GpuCount;
import io.missioncontrol.cluster.gpu.PartitionGpus;
import io.missioncontrol.cluster.gpu.SlurmGpuFetcher;
import io.missioncontrol.cluster.ssh.ExecResult;
import io.missioncontrol.cluster.ssh.RemoteCommand;
import io.missioncontrol.cluster.ssh.RemoteExec;
import io.missioncontrol.cluster.ssh.SshConnectionPool;
import io.missioncontrol.cluster.ssh.SshSettings;

/** Against the real single-node SLURM 22.05 of the dev cluster (gpu:a6000:4, gpu:a100:2; partitions gpu*, debug). */
@Tag("cluster")
class SlurmIntegrationTest {

    static ClusterDefinition dev;
    static SshConnectionPool pool;
    static RemoteExec exec;
    static SlurmClient slurm;
    static String scratch;

    @BeforeAll
    static void setUp() {
        dev = DevCluster.definition();
        pool = new SshConnectionPool(SshSettings.defaults());
        exec = new RemoteExec(pool);
        slurm = new SlurmClient(exec, Duration.ofSeconds(30));
        scratch = dev.workspaceFor(dev.user()) + "/.it-slurm-" + UUID.randomUUID();
    }

    @AfterAll
    static void tearDown() {
        if (exec != null) {
            exec.exec(dev, RemoteCommand.of("rm").arg("-rf").arg("--").arg(scratch), Duration.ofSeconds(20));
            pool.close();
        }
    }

    private static String sh(String script) {
        ExecResult r = exec.exec(dev, RemoteCommand.of("sh").arg("-c").arg(script), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as("%s: %s", script, r.stderr()).isZero();
        return r.stdout();
    }

    /** Uploads a batch script and returns its path. */
    private static String script(String name, String body) {
        String path = scratch + "/" + name + "/job.sh";
        exec.upload(dev, ("#!/bin/bash\n" + body).getBytes(StandardCharsets.UTF_8), path);
        return path;
    }

    private static <T> T waitFor(String what, Duration max, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max + " waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    @Test
    void partitionsEqualWhatSinfoSays() {
        List<Partition> partitions = slurm.partitions(dev);
        List<String> names = Arrays.stream(sh("sinfo -h -o %R").split("\n")).map(String::strip)
                .filter(s -> !s.isEmpty()).distinct().toList();
        assertThat(partitions).extracting(Partition::name).containsExactlyElementsOf(names);
        assertThat(partitions).extracting(Partition::name).contains("gpu", "debug");
        String defaultName = Arrays.stream(sh("sinfo -h -o %P").split("\n")).map(String::strip)
                .filter(s -> s.endsWith("*")).findFirst().orElseThrow().replace("*", "");
        assertThat(partitions).filteredOn(Partition::isDefault).extracting(Partition::name)
                .containsExactly(defaultName);
        assertThat(defaultName).isEqualTo("gpu");
        Partition gpu = partitions.stream().filter(p -> p.name().equals("gpu")).findFirst().orElseThrow();
        assertThat(gpu.available()).isTrue();
        assertThat(gpu.nodes()).isEqualTo(Integer.parseInt(sh("sinfo -h -p gpu -o %D").strip()));
        assertThat(gpu.timeLimit()).isEqualTo(sh("sinfo -h -p gpu -o %l").strip());
    }

    @Test
    void gpuTotalsEqualTheConfiguredGres() {
        GpuAvailability a = new GpuAvailabilityService(new SlurmGpuFetcher(slurm), Clock.systemUTC()).get(dev);
        assertThat(a.cluster()).isEqualTo("dev");
        assertThat(a.partitions()).extracting(PartitionGpus::partition).contains("gpu", "debug");
        for (String partition : List.of("gpu", "debug")) {
            assertThat(a.gpus(partition, "a6000")).get().extracting(GpuCount::total).isEqualTo(4);
            assertThat(a.gpus(partition, "a100")).get().extracting(GpuCount::total).isEqualTo(2);
            PartitionGpus p = a.partition(partition).orElseThrow();
            assertThat(p.nodesTotal()).isEqualTo(1);
            assertThat(p.nodesUnavailable()).isZero();
            for (GpuCount g : p.gpus()) {
                assertThat(g.free()).isEqualTo(g.total() - g.used());
            }
        }
        // the same as SLURM's own node record
        assertThat(sh("scontrol show node localhost")).contains("Gres=gpu:a6000:4,gpu:a100:2");
    }

    @Test
    void aSecondGpuFetchWithin60SecondsRunsNoRemoteCommand() {
        GpuAvailabilityService service = new GpuAvailabilityService(new SlurmGpuFetcher(slurm), Clock.systemUTC());
        long before = pool.commandCount(dev);
        GpuAvailability first = service.get(dev);
        long afterFirst = pool.commandCount(dev);
        assertThat(afterFirst - before).isEqualTo(1); // one sinfo
        GpuAvailability second = service.get(dev);
        assertThat(pool.commandCount(dev)).isEqualTo(afterFirst);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.partitions()).isEqualTo(first.partitions());
        service.refresh(dev);
        assertThat(pool.commandCount(dev)).isEqualTo(afterFirst + 1);
    }

    @Test
    void aRunningJobUsesItsGpusUntilCancelled() throws Exception {
        String comment = "mc-it-" + UUID.randomUUID();
        String path = script("gpu-job", """
                #SBATCH --job-name=mc-it-gpu
                #SBATCH --gres=gpu:a6000:2
                #SBATCH --time=00:05:00
                #SBATCH --output=/dev/null
                #SBATCH --comment=%s
                sleep 60
                """.formatted(comment));
        String jobId = slurm.submit(dev, path, scratch + "/gpu-job");
        assertThat(jobId).matches("\\d+");
        try {
            QueueEntry running = waitFor("job " + jobId + " to run", Duration.ofSeconds(60), () ->
                    slurm.queue(dev, List.of(jobId)).stream()
                            .filter(e -> e.state() == SlurmJobState.RUNNING).findFirst());
            assertThat(running.comment()).isEqualTo(comment);
            assertThat(running.tresPerNode()).isEqualTo("gres:gpu:a6000:2");
            assertThat(running.nodes()).isEqualTo(1);

            GpuAvailability a = new GpuAvailabilityService(new SlurmGpuFetcher(slurm), Clock.systemUTC()).get(dev);
            GpuCount a6000 = a.gpus("gpu", "a6000").orElseThrow();
            int othersUsing = otherRunningA6000s(jobId);
            assertThat(a6000.used()).isEqualTo(2 + othersUsing);
            assertThat(a6000.free()).isEqualTo(4 - 2 - othersUsing);
            assertThat(a.gpus("debug", "a6000").orElseThrow().used()).isEqualTo(2 + othersUsing);

            assertThat(slurm.queueByComment(dev, comment)).extracting(QueueEntry::jobId).containsExactly(jobId);
        } finally {
            slurm.cancel(dev, List.of(jobId));
        }
        AccountingEntry done = waitFor("job " + jobId + " in sacct as CANCELLED", Duration.ofSeconds(60), () ->
                slurm.accounting(dev, List.of(jobId)).stream()
                        .filter(e -> e.state() == SlurmJobState.CANCELLED).findFirst());
        assertThat(done.rawState()).startsWith("CANCELLED");
        assertThat(done.comment()).isEqualTo(comment);
        // slurmdbd's per-user listing can lag behind the lookup by id while the cluster is busy
        AccountingEntry byComment = waitFor("job " + jobId + " in sacct by its comment", Duration.ofSeconds(60), () ->
                slurm.accountingByComment(dev, comment, LocalDateTime.now().minusDays(1)).stream().findFirst());
        assertThat(byComment.jobId()).isEqualTo(jobId);
        assertThat(slurm.accountingByComment(dev, comment, LocalDateTime.now().minusDays(1))).hasSize(1);
    }

    /** a6000 GPUs held by other people's running jobs, so the test holds when the cluster is shared. */
    private static int otherRunningA6000s(String ownJob) {
        int n = 0;
        for (String line : sh("squeue -h -t RUNNING -o '%i|%b'").split("\n")) {
            String[] f = line.strip().split("\\|");
            if (f.length == 2 && !f[0].equals(ownJob) && f[1].startsWith("gres:gpu:a6000:")) {
                n += Integer.parseInt(f[1].substring("gres:gpu:a6000:".length()));
            }
        }
        return n;
    }

    @Test
    void aFailedJobReportsItsExitCode() throws Exception {
        String path = script("exit3", """
                #SBATCH --partition=debug
                #SBATCH --time=00:01:00
                #SBATCH --output=/dev/null
                exit 3
                """);
        String jobId = slurm.submit(dev, path, null);
        AccountingEntry done = waitFor("job " + jobId + " to fail", Duration.ofSeconds(60), () ->
                slurm.accounting(dev, List.of(jobId)).stream().filter(e -> e.state().isTerminal()).findFirst());
        assertThat(done.state()).isEqualTo(SlurmJobState.FAILED);
        assertThat(done.exitCode()).isEqualTo(3);
        assertThat(done.signal()).isZero();
        assertThat(done.start()).isNotNull();
        assertThat(done.end()).isNotNull();
    }

    @Test
    void slurmRefusalsBecomeTypedExceptions() {
        String badPartition = script("bad-partition", "#SBATCH --partition=nope\ntrue\n");
        SlurmSubmitRejectedException p = catchThrowableOfType(SlurmSubmitRejectedException.class,
                () -> slurm.submit(dev, badPartition, null));
        assertThat(p.reason()).isEqualTo(SlurmSubmitRejectedException.Reason.INVALID_PARTITION);
        assertThat(p.getMessage()).isEqualTo("Invalid partition name specified");

        String noSuchGpu = script("h100", "#SBATCH --gres=gpu:h100:1\ntrue\n");
        SlurmSubmitRejectedException g = catchThrowableOfType(SlurmSubmitRejectedException.class,
                () -> slurm.submit(dev, noSuchGpu, null));
        assertThat(g.reason()).isEqualTo(SlurmSubmitRejectedException.Reason.NODE_CONFIGURATION_UNAVAILABLE);

        String badGres = script("bad-gres", "#SBATCH --gres=bogus\ntrue\n");
        assertThat(catchThrowableOfType(SlurmSubmitRejectedException.class, () -> slurm.submit(dev, badGres, null))
                .reason()).isEqualTo(SlurmSubmitRejectedException.Reason.INVALID_GRES);

        assertThat(catchThrowableOfType(SlurmSubmitRejectedException.class,
                () -> slurm.submit(dev, scratch + "/absent.sh", null)).reason())
                .isEqualTo(SlurmSubmitRejectedException.Reason.SCRIPT_NOT_FOUND);
    }

    @Test
    void theNvidiaSmiFallbackScriptRunsOverSshWithoutInstalling() throws Exception {
        byte[] script = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("scripts/check_gpu_availability.py"));
        ExecResult r = exec.exec(dev, RemoteCommand.of("python3").arg("-"), Duration.ofSeconds(30), script);
        // the dev cluster fakes GPUs in SLURM only: no NVIDIA driver, so the script says so
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("nvidia-smi not found");
    }

    @Test
    void unknownJobsAreSimplyAbsent() {
        assertThat(slurm.queue(dev, List.of("999999"))).isEmpty();
        assertThat(slurm.queue(dev, List.of("999998", "999999"))).isEmpty();
        assertThat(slurm.accounting(dev, List.of("999999"))).isEmpty();
        slurm.cancel(dev, List.of("999999")); // scancel ignores ids it does not know
    }
}

package io.missioncontrol.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.missioncontrol.insight.FailureCause.Kind;
import io.missioncontrol.job.JobStatus;
import org.junit.jupiter.api.Test;

/** Failure causes read from output as SLURM, git, conda, Python and PyTorch write it. */
class FailureClassifierTest {

    static final String STARTED = "[mission-control] job j-1 on node1 at 2026-12-02T18:00:00+00:00\n";
    static final String CODE = STARTED + "[mission-control] code at 0123456789abcdef\n";

    @Test
    void aMissingModuleIsNamedWithTheEnvironmentToFix() {
        String err = """
                Traceback (most recent call last):
                  File "/home/mlops/workspace/p/jobs/j-1/train.py", line 3, in <module>
                    import wandb
                ModuleNotFoundError: No module named 'wandb'
                """;
        FailureCause cause = FailureClassifier.classify(JobStatus.FAILED, 1, CODE, err, null);

        assertThat(cause.kind()).isEqualTo(Kind.MISSING_MODULE);
        assertThat(cause.summary()).startsWith("the environment lacks module 'wandb' (ModuleNotFoundError)");
        assertThat(cause.excerpt()).endsWith("ModuleNotFoundError: No module named 'wandb'").contains("import wandb");
    }

    @Test
    void theExceptionThatEndedTheLastTracebackCounts() {
        String err = """
                Traceback (most recent call last):
                  File "train.py", line 9, in load
                KeyError: 'lr'

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "train.py", line 12, in <module>
                    main()
                  File "train.py", line 11, in main
                    raise ValueError("learning rate must be positive, got -1")
                ValueError: learning rate must be positive, got -1
                """;
        FailureCause cause = FailureClassifier.classify(JobStatus.FAILED, 1, CODE, err, null);

        assertThat(cause.kind()).isEqualTo(Kind.PYTHON_EXCEPTION);
        assertThat(cause.summary()).isEqualTo("the program raised ValueError: learning rate must be positive, got -1");
    }

    @Test
    void cudaOutOfMemoryWinsOverTheTracebackItCameIn() {
        String err = """
                Traceback (most recent call last):
                  File "train.py", line 40, in <module>
                torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.15 GiB
                """;
        assertThat(FailureClassifier.classify(JobStatus.FAILED, 1, CODE, err, null).kind())
                .isEqualTo(Kind.CUDA_OUT_OF_MEMORY);
    }

    @Test
    void slurmsOwnEndingsComeFirst() {
        String timeout = "slurmstepd: error: *** JOB 4711 ON node1 CANCELLED AT 2026-12-02T18:30:00 DUE TO TIME LIMIT ***\n";
        assertThat(FailureClassifier.classify(JobStatus.CANCELLED, null, CODE, timeout, null).kind())
                .isEqualTo(Kind.TIME_LIMIT);
        assertThat(FailureClassifier.classify(JobStatus.TIMEOUT, 0, CODE, "", null).summary())
                .contains("time limit");
        String oom = "slurmstepd: error: Detected 1 oom_kill event in StepId=4712.batch. Some of the step tasks "
                + "have been OOM Killed.\n";
        FailureCause cause = FailureClassifier.classify(JobStatus.OUT_OF_MEMORY, 0, CODE, oom, null);
        assertThat(cause.kind()).isEqualTo(Kind.OUT_OF_MEMORY);
        assertThat(cause.excerpt()).startsWith("slurmstepd: error: Detected 1 oom_kill event");
        assertThat(FailureClassifier.classify(JobStatus.NODE_FAIL, null, CODE, "", null).kind())
                .isEqualTo(Kind.NODE_FAILURE);
    }

    @Test
    void codeTheClusterCouldNotFetchNamesTheRemoteAndGitsReason() {
        String err = """
                fatal: detected dubious ownership in repository at '/srv/git/vision.git'
                To add an exception for this directory, call:

                	git config --global --add safe.directory /srv/git/vision.git
                fatal: Could not read from remote repository.

                Please make sure you have the correct access rights
                and the repository exists.
                """;
        FailureCause cause = FailureClassifier.classify(JobStatus.FAILED, 128, STARTED, err,
                "ssh://git@127.0.0.1/srv/git/vision.git");

        assertThat(cause.kind()).isEqualTo(Kind.CODE_NOT_FETCHED);
        assertThat(cause.summary()).startsWith("the cluster could not fetch the code from "
                + "ssh://git@127.0.0.1/srv/git/vision.git: Could not read from remote repository.");
        assertThat(cause.excerpt()).contains("dubious ownership");

        String https = "fatal: unable to access 'https://git.example.org/lab/vision.git/': Could not resolve host\n";
        assertThat(FailureClassifier.classify(JobStatus.FAILED, 128, STARTED, https, null).summary())
                .contains("from https://git.example.org/lab/vision.git/");
    }

    @Test
    void aFatalLineAfterTheCodeWasInPlaceIsNotAFetchProblem() {
        FailureCause cause = FailureClassifier.classify(JobStatus.FAILED, 2, CODE, "fatal: something else\n", null);
        assertThat(cause.kind()).isEqualTo(Kind.EXIT_CODE);
        assertThat(cause.summary()).isEqualTo("it exited with 2");
        assertThat(cause.excerpt()).isEqualTo("fatal: something else");
    }

    @Test
    void aMissingTrainScriptOrEnvironmentIsNamed() {
        String script = "/usr/bin/python3: can't open file '/home/mlops/workspace/p/jobs/j-1/src/tain.py': "
                + "[Errno 2] No such file or directory\n";
        FailureCause cause = FailureClassifier.classify(JobStatus.FAILED, 2, CODE, script, null);
        assertThat(cause.kind()).isEqualTo(Kind.TRAIN_SCRIPT_NOT_FOUND);
        assertThat(cause.summary()).contains("/home/mlops/workspace/p/jobs/j-1/src/tain.py");

        String conda = "EnvironmentLocationNotFound: Not a conda environment: /opt/conda/envs/visoin\n";
        assertThat(FailureClassifier.classify(JobStatus.FAILED, 1, CODE, conda, null).summary())
                .contains("(/opt/conda/envs/visoin)");
        assertThat(FailureClassifier.classify(JobStatus.FAILED, 127, CODE,
                "/var/spool/slurmd/job01/slurm_script: line 20: conda: command not found\n", null).kind())
                .isEqualTo(Kind.ENVIRONMENT_NOT_FOUND);
    }

    @Test
    void ncclErrorsAreCommunicationFailures() {
        String err = "torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/"
                + "ProcessGroupNCCL.cpp:1970, unhandled system error\n";
        assertThat(FailureClassifier.classify(JobStatus.FAILED, 1, CODE, err, null).kind())
                .isEqualTo(Kind.COMMUNICATION);
    }

    @Test
    void elseTheExitCodeAndTheLastLinesOrUnknownRatherThanZero() {
        StringBuilder err = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            err.append("line ").append(i).append('\n');
        }
        FailureCause cause = FailureClassifier.classify(JobStatus.FAILED, 3, CODE, err.toString(), null);
        assertThat(cause.summary()).isEqualTo("it exited with 3");
        assertThat(cause.excerpt().lines()).hasSize(12).first().isEqualTo("line 19");
        assertThat(FailureClassifier.classify(JobStatus.LOST, null, "", "", null).summary())
                .isEqualTo("it ended with an exit code nobody reported");
    }
}

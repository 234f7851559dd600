package io.missioncontrol.insight;

import java.util.Objects;

/**
 * Why a job ended badly, as read from the end of its output: a kind, one sentence a researcher acts on, and the
 * lines that show it.
 *
 * @param kind    what went wrong, for grouping (analytics' top causes)
 * @param summary one sentence, e.g. {@code the environment lacks module 'wandb' (ModuleNotFoundError)}
 * @param excerpt the output lines that show it (a traceback's end, git's error, slurmstepd's line), may be empty
 */
public record FailureCause(Kind kind, String summary, String excerpt) {

    public enum Kind {
        /** A Python module is not installed in the job's environment. */
        MISSING_MODULE,
        /** The program died of an uncaught Python exception. */
        PYTHON_EXCEPTION,
        /** The GPU ran out of memory. */
        CUDA_OUT_OF_MEMORY,
        /** Communication between processes or nodes failed (NCCL, torch.distributed). */
        COMMUNICATION,
        /** The kernel's OOM killer ended it: more host memory than allocated. */
        OUT_OF_MEMORY,
        /** It ran past its time limit. */
        TIME_LIMIT,
        /** A node it ran on failed. */
        NODE_FAILURE,
        /** The cluster could not get the recorded code (git clone/fetch/checkout failed). */
        CODE_NOT_FETCHED,
        /** The train script is not where the project says. */
        TRAIN_SCRIPT_NOT_FOUND,
        /** The conda environment or module the project names does not exist on the cluster. */
        ENVIRONMENT_NOT_FOUND,
        /** Nothing more specific: it exited with a code, the last lines say the rest. */
        EXIT_CODE
    }

    public FailureCause {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(summary, "summary");
        excerpt = excerpt == null ? "" : excerpt;
    }
}

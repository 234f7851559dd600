package io.missioncontrol.cluster.slurm;

import java.util.Locale;
import java.util.Map;

/** A job's state, in SLURM's own names (as {@code squeue -o %T} and {@code sacct -o State} print them). */
public enum SlurmJobState {
    PENDING("PD"), CONFIGURING("CF"), RUNNING("R"), COMPLETING("CG"), COMPLETED("CD"), FAILED("F"),
    CANCELLED("CA"), TIMEOUT("TO"), OUT_OF_MEMORY("OOM"), NODE_FAIL("NF"), PREEMPTED("PR"), SUSPENDED("S"),
    BOOT_FAIL("BF"), DEADLINE("DL"), REQUEUED("RQ"), REQUEUE_HOLD("RH"), REQUEUE_FED("RF"), RESIZING("RS"),
    REVOKED("RV"), SIGNALING("SI"), SPECIAL_EXIT("SE"), STAGE_OUT("SO"), STOPPED("ST"), RESV_DEL_HOLD("RD"),
    /** Anything this enum does not know. */
    UNKNOWN("?");

    private static final Map<String, SlurmJobState> BY_CODE;

    static {
        java.util.HashMap<String, SlurmJobState> m = new java.util.HashMap<>();
        for (SlurmJobState s : values()) {
            m.put(s.code, s);
        }
        BY_CODE = Map.copyOf(m);
    }

    private final String code;

    SlurmJobState(String code) {
        this.code = code;
    }

    /** The short code ({@code squeue -o %t}). */
    public String code() {
        return code;
    }

    /** Whether the job has left the queue for good (it will not run again). */
    public boolean isTerminal() {
        return switch (this) {
            case COMPLETED, FAILED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, BOOT_FAIL, DEADLINE,
                 REVOKED, SPECIAL_EXIT -> true;
            default -> false;
        };
    }

    /**
     * Reads a state as squeue or sacct print it: {@code RUNNING}, {@code CANCELLED by 1001}, {@code CANCELLED+},
     * {@code OUT_OF_ME+} (sacct's truncation), or a short code such as {@code PD}.
     */
    public static SlurmJobState parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String s = text.strip();
        int space = s.indexOf(' ');
        if (space > 0) {
            s = s.substring(0, space);
        }
        boolean truncated = s.endsWith("+");
        if (truncated) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.toUpperCase(Locale.ROOT);
        if (s.isEmpty()) {
            return UNKNOWN;
        }
        for (SlurmJobState state : values()) {
            if (state != UNKNOWN && state.name().equals(s)) {
                return state;
            }
        }
        if (truncated) {
            for (SlurmJobState state : values()) {
                if (state != UNKNOWN && state.name().startsWith(s)) {
                    return state;
                }
            }
        }
        return BY_CODE.getOrDefault(s, UNKNOWN);
    }
}

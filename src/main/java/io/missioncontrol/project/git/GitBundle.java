package io.missioncontrol.project.git;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A bundle file written by {@link GitBundleWriter}.
 *
 * @param file      the bundle file (absolute)
 * @param commit    the full id of the commit it carries (with its whole history)
 * @param refName   the branch the commit is advertised under, e.g. {@code refs/heads/missioncontrol-0123456789ab}
 * @param sizeBytes the file's size
 */
public record GitBundle(Path file, String commit, String refName, long sizeBytes) {

    public GitBundle {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(refName, "refName");
    }

    /** {@link #refName()} without {@code refs/heads/}: the branch name a clone of the bundle gets. */
    public String branchName() {
        return refName.substring(refName.lastIndexOf('/') + 1);
    }
}

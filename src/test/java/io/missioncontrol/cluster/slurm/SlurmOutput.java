package io.missioncontrol.cluster.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Captured SLURM output from {@code src/test/resources/slurm-output/}. */
public final class SlurmOutput {

    private SlurmOutput() {
    }

    public static String read(String name) {
        try (InputStream in = SlurmOutput.class.getResourceAsStream("/slurm-output/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no captured output slurm-output/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.missioncontrol.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second portal process on the same SQLite file refuses to start; the first keeps it. */
@Tag("sqlite-only") // the lock on a SQLite file: nothing to run on PostgreSQL
class SqliteSingleInstanceLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondPortalOnTheSameSqliteFileRefusesToStartNamingTheFile() throws Exception {
        Path db = dir.resolve("missioncontrol.db");
        SqliteSingleInstanceLock.acquire(db); // this JVM is "the first instance"
        SqliteSingleInstanceLock.acquire(db); // a second Spring context in the same process shares it

        Process second = startPortal(db);
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second portal gave up").isTrue();
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(second.exitValue()).isNotZero();
        assertThat(output).contains("Another Mission Control instance (pid " + ProcessHandle.current().pid() + ")")
                .contains("already uses the SQLite database " + db.toAbsolutePath())
                .contains("profile 'postgres'");
        assertThat(output).doesNotContain("Started Application");
    }

    @Test
    void aFileNobodyHoldsIsTakenAndRecordsTheHoldersPid() throws IOException {
        Path db = dir.resolve("free.db");
        SqliteSingleInstanceLock.acquire(db);
        assertThat(Files.readString(dir.resolve("free.db.lock"))).isEqualTo("pid " + ProcessHandle.current().pid());
    }

    @Test
    void theLockIsGivenBackWhenTheLastContextOnTheFileCloses() throws IOException {
        Path db = dir.resolve("handed-on.db");
        Path lockFile = dir.resolve("handed-on.db.lock");
        SqliteSingleInstanceLock.acquire(db);
        SqliteSingleInstanceLock.acquire(db);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            SqliteSingleInstanceLock.release(db);
            assertThatThrownBy(channel::tryLock).as("one context still runs on it")
                    .isInstanceOf(OverlappingFileLockException.class);
            SqliteSingleInstanceLock.release(db);
            try (FileLock next = channel.tryLock()) {
                assertThat(next).as("free for the next portal").isNotNull();
            }
        }
    }

    private static Process startPortal(Path db) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.missioncontrol.Application", "--spring.datasource.url=jdbc:sqlite:" + db, "--server.port=0",
                "--server.address=127.0.0.1", "--missioncontrol.clusters-file=" + db.resolveSibling("none.yaml")))
                .redirectErrorStream(true).start();
    }
}

package io.missioncontrol.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * One portal instance per SQLite file: its poller and launch reconciliation assume nobody else writes the file,
 * and only PostgreSQL (profile {@code postgres}) coordinates several instances. A second instance on the same
 * file refuses to start with a clear message. The lock is an OS file lock on {@code <db>.lock}, so it goes with
 * the process however it ends (kill -9 too). Spring contexts in one JVM (tests, restarts) share it.
 */
public class SqliteSingleInstanceLock implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Path db = SqliteFolderCreator.sqliteFile(event.getEnvironment().getProperty("spring.datasource.url"));
        if (db != null) {
            acquire(db.toAbsolutePath().normalize());
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after SqliteFolderCreator made the folder
    }

    static void acquire(Path db) {
        HELD.computeIfAbsent(db, SqliteSingleInstanceLock::lock);
    }

    private static FileLock lock(Path db) {
        Path lockFile = db.resolveSibling(db.getFileName() + ".lock");
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = new String(Files.readAllBytes(lockFile), StandardCharsets.UTF_8).strip();
                channel.close();
                throw new IllegalStateException("Another Mission Control instance" + (holder.isEmpty() ? "" : " ("
                        + holder + ")") + " already uses the SQLite database " + db + ". SQLite serves one portal "
                        + "instance per database file: stop that one, point this one at another file "
                        + "(spring.datasource.url), or run several instances on PostgreSQL (profile 'postgres').");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
                    0);
            return lock; // held, with its channel, until the process ends
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the SQLite database " + db + " for this instance", e);
        }
    }
}

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
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;
import org.springframework.core.Ordered;

/**
 * One portal instance per SQLite file: its poller and launch reconciliation assume nobody else writes the file,
 * and only PostgreSQL (profile {@code postgres}) coordinates several instances. A second instance on the same
 * file refuses to start with a clear message. The lock is an OS file lock on {@code <db>.lock}, so it goes with
 * the process however it ends (kill -9 too). Spring contexts in one JVM (tests, restarts) share it; it is given back
 * when the last of them closes, so a tool that closed its context may start a portal on the same file.
 */
public class SqliteSingleInstanceLock implements ApplicationListener<ApplicationEvent>, Ordered {

    private record Held(FileLock lock, int contexts) {
    }

    private static final Map<Path, Held> HELD = new ConcurrentHashMap<>();

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        switch (event) {
            case ApplicationEnvironmentPreparedEvent prepared -> {
                Path db = database(prepared.getEnvironment());
                if (db != null) {
                    acquire(db);
                }
            }
            case ContextClosedEvent closed -> release(database(closed.getApplicationContext().getEnvironment()));
            case ApplicationFailedEvent failed when failed.getApplicationContext() != null ->
                    release(database(failed.getApplicationContext().getEnvironment()));
            default -> {
            }
        }
    }

    private static Path database(Environment environment) {
        Path db = SqliteFolderCreator.sqliteFile(environment.getProperty("spring.datasource.url"));
        return db == null ? null : db.toAbsolutePath().normalize();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after SqliteFolderCreator made the folder
    }

    static void acquire(Path db) {
        HELD.compute(db, (file, held) -> held == null ? new Held(lock(file), 1) : new Held(held.lock(), held.contexts() + 1));
    }

    static void release(Path db) {
        if (db == null) {
            return;
        }
        HELD.computeIfPresent(db, (file, held) -> {
            if (held.contexts() > 1) {
                return new Held(held.lock(), held.contexts() - 1);
            }
            try {
                held.lock().channel().close(); // closing the channel releases the lock
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unlock the SQLite database " + file, e);
            }
            return null;
        });
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
            return lock; // held, with its channel, until the last context on it closes or the process ends
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the SQLite database " + db + " for this instance", e);
        }
    }
}

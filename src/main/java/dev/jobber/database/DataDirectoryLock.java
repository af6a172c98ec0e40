package dev.jobber.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jboss.logging.Logger;

/** The lock file beside a data directory ({@code <dir>.lock}) that keeps two Jobbers from using it at once. */
final class DataDirectoryLock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DataDirectoryLock.class);

    private final FileChannel channel;

    private DataDirectoryLock(FileChannel channel) {
        this.channel = channel;
    }

    /** @throws IllegalStateException when another Jobber (or this one) holds the lock */
    static DataDirectoryLock acquire(Path data) throws IOException {
        Path lockFile = data.resolveSibling(data.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Another Jobber is using the embedded PostgreSQL in " + data);
        }
        return new DataDirectoryLock(channel);
    }

    /** Lets go of the lock; a failure to close the file is only logged. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debugf("Could not close the lock file: %s", e.getMessage());
        }
    }
}

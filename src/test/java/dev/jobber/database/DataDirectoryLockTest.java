package dev.jobber.database;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

    @TempDir
    Path directory;

    @Test
    void refusesASecondHolderUntilTheFirstLetsGo() throws Exception {
        Path data = directory.resolve("data");
        DataDirectoryLock first = DataDirectoryLock.acquire(data);

        assertThatThrownBy(() -> DataDirectoryLock.acquire(data)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Another Jobber");

        first.close();
        DataDirectoryLock.acquire(data).close();
    }
}

package dev.jobber.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanedServerTest {

    @TempDir
    Path data;

    @Test
    void readsTheProcessIdFromTheFirstLineOfThePidFile() {
        assertThat(OrphanedServer.pid(List.of(" 4242 ", "/data", "1700000000"))).isEqualTo(4242);
        assertThat(OrphanedServer.pid(List.of("not a pid"))).isEqualTo(-1);
        assertThat(OrphanedServer.pid(List.of())).isEqualTo(-1);
    }

    @Test
    void deletesAPidFileWhoseProcessIsNoPostgres() throws Exception {
        Path pidFile = data.resolve("postmaster.pid");
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        OrphanedServer.stop(data.resolve("bin"), data);

        assertThat(pidFile).doesNotExist();
        assertThat(OrphanedServer.running(ProcessHandle.current())).isTrue();
    }
}

package dev.jobber.database.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupFilesTest {

    @TempDir
    Path directory;

    @Test
    void keepsTheNewestBackupsAndLeavesOtherFilesAlone() throws Exception {
        BackupFiles files = new BackupFiles(directory);
        Instant start = Instant.parse("2026-01-30T23:59:59.999Z");
        List<Path> backups = IntStream.range(0, 5).mapToObj(i -> files.fileFor(start.plusMillis(i * 1001L))).toList();
        for (Path backup : backups.reversed()) {
            Files.writeString(backup, "backup");
        }
        Path other = Files.writeString(directory.resolve("notes.txt"), "keep me");

        assertThat(files.list()).containsExactlyElementsOf(backups);
        assertThat(files.prune(2)).containsExactlyElementsOf(backups.subList(0, 3));

        assertThat(files.list()).containsExactlyElementsOf(backups.subList(3, 5));
        assertThat(other).exists();
        assertThat(files.prune(2)).isEmpty();
    }

    @Test
    void namesSortInTheOrderTheBackupsWereTaken() {
        BackupFiles files = new BackupFiles(directory);
        Path earlier = files.fileFor(Instant.parse("2026-09-30T23:00:00Z"));
        Path later = files.fileFor(Instant.parse("2026-10-01T01:00:00.5Z"));

        assertThat(earlier.getFileName()).hasToString("jobber-backup-20260930T230000.000Z.zip");
        assertThat(earlier.compareTo(later)).isNegative();
    }

    @Test
    void theBackupDirectoryIsCreatedForItsOwnerOnly() throws Exception {
        BackupFiles files = new BackupFiles(directory.resolve("data").resolve("backups"));

        files.createDirectory();

        assertThat(Files.getPosixFilePermissions(files.directory()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void removesWhatAnInterruptedBackupLeft() throws Exception {
        BackupFiles files = new BackupFiles(directory);
        Path partial = Files.writeString(directory.resolve("jobber-backup-20260101T000000.000Z.zip.partial"), "x");

        files.removeUnfinished();

        assertThat(partial).doesNotExist();
        assertThat(files.list()).isEmpty();
    }
}

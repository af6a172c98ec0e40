package dev.jobber.database.backup;

import java.util.List;

/**
 * What a backup holds, written as {@code manifest.json} into the backup archive: the Flyway version of the schema the
 * data belongs to, each table's columns in the order of its COPY data ({@code tables/<name>.tsv}, PostgreSQL's text
 * format), the tables in foreign-key dependency order, and the sequences' positions.
 */
public record BackupManifest(int format, String created, String schemaVersion, List<Table> tables,
        List<Sequence> sequences) {

    public static final int FORMAT = 1;
    public static final String ENTRY = "manifest.json";

    public record Table(String name, List<String> columns, long rows) {

        public String entry() {
            return "tables/" + name + ".tsv";
        }
    }

    /** {@code lastValue} is null for a sequence never used. */
    public record Sequence(String name, Long lastValue) {
    }
}

package dev.jobber.job;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One published, immutable version of a job: its archive (by sha256) and manifest. */
@Entity
@Table(name = "job_version")
public class JobVersion {

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(nullable = false, length = 32)
    public String version;

    @Column(name = "archive_sha256", nullable = false, length = 64)
    public String archiveSha256;

    @Column(name = "archive_size", nullable = false)
    public long archiveSize;

    @Column(nullable = false)
    public String main;

    @Column(name = "module_type")
    public String moduleType;

    @Column(name = "node_major", nullable = false)
    public int nodeMajor;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode manifest;

    @Column(nullable = false)
    public Instant created;

    @Column(nullable = false)
    public Instant modified;
}

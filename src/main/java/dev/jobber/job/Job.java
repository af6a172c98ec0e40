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

/** A function, known by its unique name; at most one of its versions is active. */
@Entity
@Table(name = "job")
public class Job {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true, length = 128)
    public String name;

    @Column(nullable = false)
    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode links;

    @Column(nullable = false)
    public String status;

    @Column(name = "active_version_id")
    public UUID activeVersionId;

    /** Incremented with every change of the job's environment, so its runners are replaced. */
    @Column(name = "environment_revision", nullable = false)
    public long environmentRevision;

    @Column(nullable = false)
    public Instant created;

    @Column(nullable = false)
    public Instant modified;

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";
}

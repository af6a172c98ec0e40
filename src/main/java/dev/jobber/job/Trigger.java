package dev.jobber.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.job.manifest.TriggerDefinition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One trigger of a version, as its manifest declares it ({@link #context}). */
@Entity
@Table(name = "job_trigger")
public class Trigger {

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(name = "job_version_id", nullable = false)
    public UUID jobVersionId;

    @Column(nullable = false)
    public int position;

    /** {@code http}, {@code schedule} or {@code mqtt}. */
    @Column(nullable = false)
    public String kind;

    public String name;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public JsonNode context;

    @Column(nullable = false)
    public Instant created;

    /** The trigger typed by how it fires, read from {@link #context}. */
    public TriggerDefinition definition() {
        return TriggerDefinition.stored(kind, name, (ObjectNode) context);
    }
}

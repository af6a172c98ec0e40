package dev.jobber.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One variable of a job's environment: a text value, or a secret kept only encrypted. */
@Entity
@Table(name = "job_environment")
public class EnvironmentVariable {

    public static final String TEXT = "text";
    public static final String SECRET = "secret";

    @Id
    public UUID id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    @Column(nullable = false, length = 128)
    public String name;

    @Column(nullable = false)
    public String type;

    /** The value of a text variable; {@code null} for a secret. */
    public String value;

    /** The encrypted value of a secret; {@code null} for a text variable. */
    public byte[] ciphertext;

    @Column(nullable = false)
    public Instant created;

    @Column(nullable = false)
    public Instant modified;

    public boolean secret() {
        return SECRET.equals(type);
    }
}

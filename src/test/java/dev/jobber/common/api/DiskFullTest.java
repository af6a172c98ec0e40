package dev.jobber.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A failure for want of disk space, from a file write or from PostgreSQL, is answered 507 rather than 500. */
class DiskFullTest {

    private final ApiExceptionMappers mappers = new ApiExceptionMappers();

    @Test
    void aFullDiskIsAnsweredInsufficientStorage() {
        var file = new UncheckedIOException("Could not store archive", new IOException("No space left on device"));
        var database = new IllegalStateException(new SQLException("could not extend file", "53100"));
        assertThat(mappers.unexpected(file).getStatus()).isEqualTo(507);
        assertThat(mappers.unexpected(database).getStatus()).isEqualTo(507);
        assertThat(((ApiResponse<?>) mappers.unexpected(file).getEntity()).message()).contains("disk is full");
    }

    @Test
    void otherFailuresStayInternalErrors() {
        assertThat(mappers.unexpected(new IOException("Broken pipe")).getStatus()).isEqualTo(500);
        assertThat(mappers.unexpected(new SQLException("deadlock", "40P01")).getStatus()).isEqualTo(500);
    }
}

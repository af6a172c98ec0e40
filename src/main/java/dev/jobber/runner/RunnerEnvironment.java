package dev.jobber.runner;

import java.util.Map;
import java.util.UUID;

/** The environment variables (text and secret, decrypted) a job's runners receive in their {@code init} frame. */
public interface RunnerEnvironment {

    Map<String, String> of(UUID jobId);
}

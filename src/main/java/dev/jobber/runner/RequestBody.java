package dev.jobber.runner;

/**
 * A body streamed to a runner: an HTTP upload still arriving when its event is handed over, or a large body held
 * in memory ({@link MemoryBody}). It is written into the {@link BodyChannel} it is given, pausing when a write says
 * so, so that neither Jobber nor the runner holds more of it than the runner's window (docs/runner-protocol.md,
 * "Flow control").
 */
public interface RequestBody {

    /** The event reached a runner: write the body into {@code channel} as it arrives, then end it. Called once. */
    void start(BodyChannel channel);

    /** The channel takes data again after a write returned false. */
    void resume();

    /** The event is over (answered, failed, cancelled) before the body ended: forward nothing more. */
    void stop();
}

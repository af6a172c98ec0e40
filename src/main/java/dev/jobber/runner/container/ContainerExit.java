package dev.jobber.runner.container;

/** Why a container is no longer running, as far as the engine knows. */
public record ContainerExit(boolean running, Long exitCode, boolean oomKilled, String error) {

    public String describe() {
        if (running) {
            return "still running";
        }
        StringBuilder text = new StringBuilder("exited");
        if (exitCode != null) {
            text.append(" with code ").append(exitCode);
        }
        if (oomKilled) {
            text.append(", killed for exceeding its memory limit");
        }
        if (error != null && !error.isBlank()) {
            text.append(": ").append(error);
        }
        return text.toString();
    }
}

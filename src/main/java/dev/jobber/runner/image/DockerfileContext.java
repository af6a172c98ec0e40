package dev.jobber.runner.image;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The build context of {@code runner-images/node<major>/Dockerfile} ({@code FROM node:<major>-slim}, pulled by the
 * engine): that Dockerfile at the root and the runner's files under {@code runner/}, as Jobber's jar carries them.
 */
final class DockerfileContext {

    private final BundledRunnerFiles files;

    DockerfileContext(BundledRunnerFiles files) {
        this.files = files;
    }

    void write(int nodeMajor, OutputStream out) throws IOException {
        byte[] dockerfile = files.dockerfile(nodeMajor);
        try (ContextTar tar = new ContextTar(out)) {
            tar.file("Dockerfile", dockerfile, 0644);
            for (Map.Entry<String, byte[]> file : files.runner().entrySet()) {
                tar.file("runner/" + file.getKey(), file.getValue(), 0644);
            }
        }
    }
}

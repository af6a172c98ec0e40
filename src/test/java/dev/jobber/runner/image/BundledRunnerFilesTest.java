package dev.jobber.runner.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner files are found in Jobber's packaged jar as in the build's classes directory. */
class BundledRunnerFilesTest {

    @TempDir
    Path directory;

    @Test
    void theRunnerFilesAreListedFromTheClassesDirectory() {
        Map<String, byte[]> files = new BundledRunnerFiles().runner();

        assertThat(files).containsKeys("runner.js", "protocol.js", "package.json", "index.d.ts");
        assertThat(new String(new BundledRunnerFiles().dockerfile(24), StandardCharsets.UTF_8))
                .contains("FROM node:24-slim");
    }

    @Test
    void theRunnerFilesAreListedFromAJarWithoutWhatLiesBesideOrBelowThem() throws IOException {
        Path jar = directory.resolve("jobber.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "runner-images/runner/runner.js", "// runner");
            entry(out, "runner-images/runner/package.json", "{}");
            entry(out, "runner-images/runner/nested/other.js", "// not the runner's");
            entry(out, "runner-images/node24/Dockerfile", "FROM node:24-slim");
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            BundledRunnerFiles files = new BundledRunnerFiles(loader);

            assertThat(files.runner()).containsOnlyKeys("runner.js", "package.json");
            assertThat(new String(files.runner().get("runner.js"), StandardCharsets.UTF_8)).isEqualTo("// runner");
            assertThat(files.dockerfile(24)).asString(StandardCharsets.UTF_8).isEqualTo("FROM node:24-slim");
        }
    }

    private static void entry(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream stream = out;
        stream.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}

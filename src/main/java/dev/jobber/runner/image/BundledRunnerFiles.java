package dev.jobber.runner.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The files of {@code runner-images/} that Jobber's jar carries (the Maven build packages them as resources): the
 * runner's files and the Dockerfile of each Node major.
 */
final class BundledRunnerFiles {

    static final String ROOT = "runner-images/";
    private static final String RUNNER = ROOT + "runner/";

    private final ClassLoader loader;

    BundledRunnerFiles() {
        this(BundledRunnerFiles.class.getClassLoader());
    }

    BundledRunnerFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /** The Dockerfile for Node {@code major}; fails when Jobber carries none for it. */
    byte[] dockerfile(int major) {
        return read(ROOT + "node" + major + "/Dockerfile");
    }

    /** Every file of the runner by name, sorted. */
    Map<String, byte[]> runner() {
        URL anchor = loader.getResource(RUNNER + "runner.js");
        if (anchor == null) {
            throw new IllegalStateException("Jobber's jar carries no " + RUNNER + "runner.js");
        }
        Map<String, byte[]> files = new TreeMap<>();
        try {
            if (anchor.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    for (JarEntry entry : jar.stream().toList()) {
                        String name = entry.getName();
                        if (name.startsWith(RUNNER) && !entry.isDirectory() && name.indexOf('/', RUNNER.length()) < 0) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.put(name.substring(RUNNER.length()), in.readAllBytes());
                            }
                        }
                    }
                }
            } else {
                try (var listing = Files.list(Path.of(anchor.toURI()).getParent())) {
                    for (Path file : listing.filter(Files::isRegularFile).toList()) {
                        files.put(file.getFileName().toString(), Files.readAllBytes(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the runner files Jobber carries", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    private byte[] read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("Jobber carries no " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + resource, e);
        }
    }
}

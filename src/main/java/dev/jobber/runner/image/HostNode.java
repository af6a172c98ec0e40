package dev.jobber.runner.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The {@code node} of the host Jobber runs on, which {@link LocalContext} copies into an image: its binary (symbolic
 * links resolved), version, and the shared libraries and dynamic loader {@code ldd} lists for it.
 */
record HostNode(Path binary, String version, List<Path> libraries) {

    /** Node's major version, from {@link #version()} ({@code v20.11.1} → 20). */
    int major() {
        return Integer.parseInt(version.substring(1, version.indexOf('.')));
    }

    /** Finds {@code command} (a path, or a name looked up on {@code PATH}) and asks it and {@code ldd} about it. */
    static HostNode find(String command) throws IOException {
        Path binary = locate(command).toRealPath();
        String version = run(List.of(binary.toString(), "--version")).strip();
        if (!version.matches("v\\d+\\..*")) {
            throw new IOException(binary + " --version printed " + version + ", not a Node version");
        }
        return new HostNode(binary, version, libraries(run(List.of("ldd", binary.toString()))));
    }

    /**
     * The absolute paths in {@code ldd} output: {@code name => /path (address)} lines and the loader's
     * {@code /lib64/ld-linux... (address)}; {@code linux-vdso.so.1} and the like have no file.
     */
    static List<Path> libraries(String lddOutput) {
        TreeSet<String> paths = new TreeSet<>();
        for (String line : lddOutput.lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length >= 3 && fields[1].equals("=>") && fields[2].startsWith("/")) {
                paths.add(fields[2]);
            } else if (fields.length >= 1 && fields[0].startsWith("/")) {
                paths.add(fields[0]);
            }
        }
        return paths.stream().map(Path::of).toList();
    }

    private static Path locate(String command) throws IOException {
        if (command.contains("/")) {
            return Path.of(command);
        }
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, command);
            if (candidate.toFile().canExecute()) {
                return candidate;
            }
        }
        throw new IOException("no " + command + " on this host's PATH");
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                        + output.strip());
            }
            return output;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}

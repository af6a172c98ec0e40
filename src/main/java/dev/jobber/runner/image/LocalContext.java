package dev.jobber.runner.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * The build context of a runner image made offline from the host's {@code node} (the Java form of
 * {@code runner-images/build-local.sh}): {@code FROM scratch} with the node binary, the libraries it links, the
 * runner's files, {@code passwd}/{@code group}/{@code nsswitch.conf}, a world-writable {@code /tmp}, and
 * {@code /jobber/run} and {@code /jobber/job} owned by the unprivileged user 1000 the container runs as.
 */
final class LocalContext {

    /** The user (and group) runner containers run as, as the Dockerfiles' {@code node} user. */
    static final int RUNNER_UID = 1000;

    static final String DOCKERFILE = """
            FROM scratch
            COPY rootfs/ /
            COPY --chown=1000:1000 owned/ /jobber/
            ENV HOME=/tmp
            USER 1000:1000
            WORKDIR /jobber/job
            ENTRYPOINT ["/usr/bin/node", "/jobber/runner/runner.js"]
            """;
    static final String PASSWD = """
            root:x:0:0:root:/root:/sbin/nologin
            node:x:1000:1000:node:/tmp:/sbin/nologin
            nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
            """;
    static final String GROUP = """
            root:x:0:
            node:x:1000:
            nogroup:x:65534:
            """;
    /** getaddrinfo reads it; Docker mounts /etc/hosts and /etc/resolv.conf over the image's own. */
    static final String NSSWITCH = "hosts: files dns\n";

    private final BundledRunnerFiles files;

    LocalContext(BundledRunnerFiles files) {
        this.files = files;
    }

    void write(HostNode node, OutputStream out) throws IOException {
        try (ContextTar tar = new ContextTar(out)) {
            tar.file("Dockerfile", DOCKERFILE, 0644);
            tar.directory("rootfs/tmp", 01777, 0);
            tar.file("rootfs/usr/bin/node", node.binary(), 0755);
            for (Path library : node.libraries()) {
                tar.file("rootfs" + library, library, mode(library));
            }
            for (Map.Entry<String, byte[]> file : files.runner().entrySet()) {
                if (file.getKey().endsWith(".js") || file.getKey().equals("package.json")) {
                    tar.file("rootfs/jobber/runner/" + file.getKey(), file.getValue(), 0644);
                }
            }
            tar.file("rootfs/etc/passwd", PASSWD, 0644);
            tar.file("rootfs/etc/group", GROUP, 0644);
            tar.file("rootfs/etc/nsswitch.conf", NSSWITCH, 0644);
            tar.directory("owned/run", 0755, RUNNER_UID);
            tar.directory("owned/job", 0755, RUNNER_UID);
        }
    }

    /** The library's permission bits (its link target's), as {@code cp -L} keeps them. */
    private static int mode(Path library) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(library);
        int mode = 0;
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if (permissions.contains(permission)) {
                mode |= 1 << (8 - permission.ordinal());
            }
        }
        return mode;
    }
}

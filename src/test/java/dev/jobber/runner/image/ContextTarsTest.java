package dev.jobber.runner.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build contexts Jobber writes: their entries, modes and owners. */
class ContextTarsTest {

    /** One entry of a written tar. */
    record Entry(String name, int mode, long uid, boolean directory, String text) {
    }

    @TempDir
    Path host;

    @Test
    void theDockerfileContextHoldsTheMajorsDockerfileAndEveryRunnerFile() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DockerfileContext(new BundledRunnerFiles()).write(22, out);

        Map<String, Entry> entries = read(out.toByteArray());
        assertThat(entries.get("Dockerfile").text()).contains("FROM node:22-slim").contains("USER node");
        assertThat(entries).containsKeys("runner/runner.js", "runner/protocol.js", "runner/package.json",
                "runner/index.d.ts");
        assertThat(entries.get("runner/runner.js").mode()).isEqualTo(0644);
        assertThat(entries.get("runner/").directory()).isTrue();
        assertThat(entries.values()).allSatisfy(entry -> assertThat(entry.uid()).isZero());
    }

    @Test
    void theDockerfileContextOfANodeJobberCarriesNoDockerfileForIsRefused() {
        assertThatThrownBy(() -> new DockerfileContext(new BundledRunnerFiles()).write(18, new ByteArrayOutputStream()))
                .hasMessageContaining("runner-images/node18/Dockerfile");
    }

    @Test
    void theLocalContextCopiesNodeItsLibrariesAndTheRunnerIntoAScratchImageForUser1000() throws IOException {
        Path node = executable("node", "#!binary");
        Path libc = host.resolve("lib/libc.so.6");
        Files.createDirectories(libc.getParent());
        Files.writeString(libc, "libc");
        Files.setPosixFilePermissions(libc, PosixFilePermissions.fromString("rwxr-xr-x"));
        HostNode hostNode = new HostNode(node, "v20.1.0", List.of(libc));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LocalContext(new BundledRunnerFiles()).write(hostNode, out);

        Map<String, Entry> entries = read(out.toByteArray());
        assertThat(entries.get("Dockerfile").text()).startsWith("FROM scratch\n")
                .contains("COPY --chown=1000:1000 owned/ /jobber/").contains("USER 1000:1000")
                .contains("ENTRYPOINT [\"/usr/bin/node\", \"/jobber/runner/runner.js\"]");
        assertThat(entries.get("rootfs/usr/bin/node")).satisfies(entry -> {
            assertThat(entry.mode()).isEqualTo(0755);
            assertThat(entry.text()).isEqualTo("#!binary");
        });
        assertThat(entries.get("rootfs" + libc)).satisfies(entry -> {
            assertThat(entry.mode()).isEqualTo(0755);
            assertThat(entry.text()).isEqualTo("libc");
        });
        assertThat(entries).containsKeys("rootfs/jobber/runner/runner.js", "rootfs/jobber/runner/package.json")
                .doesNotContainKey("rootfs/jobber/runner/index.d.ts");
        assertThat(entries.get("rootfs/tmp/")).satisfies(entry -> {
            assertThat(entry.directory()).isTrue();
            assertThat(entry.mode()).isEqualTo(01777);
        });
        assertThat(entries.get("rootfs/etc/passwd").text()).contains("node:x:1000:1000:node:/tmp:/sbin/nologin");
        assertThat(entries.get("rootfs/etc/group").text()).contains("node:x:1000:");
        assertThat(entries.get("rootfs/etc/nsswitch.conf").text()).isEqualTo("hosts: files dns\n");
        for (String owned : List.of("owned/run/", "owned/job/")) {
            assertThat(entries.get(owned)).satisfies(entry -> {
                assertThat(entry.directory()).isTrue();
                assertThat(entry.mode()).isEqualTo(0755);
                assertThat(entry.uid()).isEqualTo(1000);
            });
        }
        assertThat(entries.values()).filteredOn(entry -> !entry.name().startsWith("owned/"))
                .allSatisfy(entry -> assertThat(entry.uid()).isZero());
    }

    @Test
    void lddOutputGivesTheLibrariesAndTheLoaderButNotTheVdso() {
        String ldd = """
                \tlinux-vdso.so.1 (0x00007ffd)
                \tlibdl.so.2 => /lib/x86_64-linux-gnu/libdl.so.2 (0x00007f16)
                \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f17)
                \tlibmissing.so => not found
                \t/lib64/ld-linux-x86-64.so.2 (0x00007f18)
                """;

        assertThat(HostNode.libraries(ldd)).containsExactly(Path.of("/lib/x86_64-linux-gnu/libc.so.6"),
                Path.of("/lib/x86_64-linux-gnu/libdl.so.2"), Path.of("/lib64/ld-linux-x86-64.so.2"));
    }

    @Test
    void theHostsNodeIsFoundWithItsVersionAndLibraries() throws IOException {
        HostNode node = HostNode.find("node");

        assertThat(node.version()).matches("v\\d+\\..*");
        assertThat(node.major()).isEqualTo(Integer.parseInt(node.version().substring(1).split("\\.")[0]));
        assertThat(node.libraries()).anySatisfy(library -> assertThat(library.toString()).contains("libc.so"));
    }

    @Test
    void anImageNamesARegistryByAHostWithADotOrAPortOrLocalhost() {
        assertThat(ImageProvisioner.namesRegistry("jobber-runner-node24:latest")).isFalse();
        assertThat(ImageProvisioner.namesRegistry("acme/jobber-runner-node24:latest")).isFalse();
        assertThat(ImageProvisioner.namesRegistry("ghcr.io/acme/jobber-runner-node24:1")).isTrue();
        assertThat(ImageProvisioner.namesRegistry("registry:5000/jobber-runner-node24")).isTrue();
        assertThat(ImageProvisioner.namesRegistry("localhost/jobber-runner-node24")).isTrue();
    }

    private Path executable(String name, String content) throws IOException {
        Path file = host.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        return file;
    }

    static Map<String, Entry> read(byte[] tar) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new Entry(entry.getName(), entry.getMode() & 07777, entry.getLongUserId(),
                        entry.isDirectory(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return entries;
    }
}

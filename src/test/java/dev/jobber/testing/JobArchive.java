package dev.jobber.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds job archives (zips) for tests: a valid job by default, changed field by field. */
public final class JobArchive {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode manifest = MAPPER.createObjectNode();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private boolean withManifest = true;

    private JobArchive(String name, String version) {
        manifest.put("name", name).put("version", version).put("main", "./index.js")
                .put("description", "A test job");
        manifest.putObject("action");
        manifest.putArray("triggers").addObject().put("type", "http").put("path", "/" + name);
        file("index.js", "module.exports.handler = async (req, res) => res.text('hello');\n");
    }

    public static JobArchive job(String name, String version) {
        return new JobArchive(name, version);
    }

    /** Changes the manifest in place. */
    public JobArchive manifest(Consumer<ObjectNode> change) {
        change.accept(manifest);
        return this;
    }

    /** Replaces the whole manifest with this JSON text. */
    public JobArchive rawManifest(String json) {
        try {
            manifest.removeAll();
            manifest.setAll((ObjectNode) MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public JobArchive withoutManifest() {
        withManifest = false;
        return this;
    }

    public JobArchive file(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public JobArchive file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    public byte[] zip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (withManifest) {
                zip.putNextEntry(new ZipEntry("package.json"));
                zip.write(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                zip.closeEntry();
            }
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

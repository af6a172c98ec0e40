package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validated {@code package.json}: the job's identity, how its code loads, its action settings and triggers.
 *
 * @param main       the entry module in {@code ./path} form
 * @param moduleType {@code module}, {@code commonjs}, or null for Node's default
 * @param nodeMajor  the Node major version of the runner image that {@code engines.node} selects
 * @param raw        the manifest as published
 */
public record Manifest(
        String name,
        String version,
        String main,
        String description,
        String moduleType,
        int nodeMajor,
        List<Link> links,
        ActionSettings action,
        List<TriggerDefinition> triggers,
        ObjectNode raw) {

    public record Link(String name, String url) {
    }
}

package dev.jobber.runner.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a runner container is made of. Holds no secret: credentials and code are copied in before start. Its root
 * filesystem is read-only; it writes only into a tmpfs at {@code /tmp} (and into volumes the operator allows).
 *
 * @param user           user (and group) the container's process runs as, never overridden by the job
 * @param network        Docker network mode or name ({@code host}, {@code none}, a user-defined network); empty =
 *                       engine default
 * @param memoryBytes    memory limit
 * @param nanoCpus       CPU limit in billionths of a core
 * @param pidsLimit      most processes inside
 * @param nofile         most open files per process
 * @param tmpBytes       size of the tmpfs at {@code /tmp}
 * @param inputDirectories empty directories owned by root, for {@link ContainerRuntime#copyInto} before start; the
 *                       container's user can read but not write them
 * @param volumes        binds as {@code source:target:mode}: the manager socket's directory (read-only) and those the
 *                       operator allows
 * @param extraNetworks  further networks to join, only those the operator allows
 * @param env            variables of the container's process (the job's {@code --env}, never the runner's own)
 * @param extraHosts     {@code host:address} lines added to its {@code /etc/hosts} ({@code host-gateway} is the host's
 *                       address on the engine's default bridge)
 */
public record ContainerSpec(
        String name,
        String image,
        String user,
        Map<String, String> labels,
        Optional<String> network,
        long memoryBytes,
        long nanoCpus,
        long pidsLimit,
        int nofile,
        long tmpBytes,
        List<String> inputDirectories,
        List<String> volumes,
        List<String> extraNetworks,
        Map<String, String> env,
        List<String> extraHosts) {
}

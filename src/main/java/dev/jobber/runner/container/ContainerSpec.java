package dev.jobber.runner.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a runner container is made of. Holds no secret: credentials and code are copied in before start.
 *
 * @param network      Docker network mode or name ({@code host}, {@code none}, a user-defined network); empty = engine
 *                     default
 * @param memoryBytes  memory limit
 * @param pidsLimit    most processes inside
 * @param volumes      binds as {@code source:target:mode}, only those the operator allows
 * @param extraNetworks further networks to join, only those the operator allows
 */
public record ContainerSpec(
        String name,
        String image,
        Map<String, String> labels,
        Optional<String> network,
        long memoryBytes,
        long pidsLimit,
        List<String> volumes,
        List<String> extraNetworks) {
}

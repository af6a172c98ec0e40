package dev.jobber.runner.container;

import java.util.Map;

/** A container as listed by the engine. */
public record ContainerInfo(String id, String name, Map<String, String> labels, boolean running) {
}

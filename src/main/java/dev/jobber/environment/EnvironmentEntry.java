package dev.jobber.environment;

/** A variable as the admin API may show it: a secret's value is never included. */
public record EnvironmentEntry(String type, String value) {
}

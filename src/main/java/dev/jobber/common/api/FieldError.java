package dev.jobber.common.api;

/** One validation problem: the offending field (e.g. {@code triggers[2].cron}) and what is wrong with it. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}

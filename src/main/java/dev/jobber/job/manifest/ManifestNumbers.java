package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/** Numbers as manifests may write them: JSON numbers, or (as the original took every field as text) digit strings. */
final class ManifestNumbers {

    private ManifestNumbers() {
    }

    /** A JSON integer, a whole JSON number or a string of digits, or null when it is neither or too large. */
    static Integer integer(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()) && Math.abs(value.asDouble()) < 1e9) {
            return (int) value.asDouble();
        }
        if (value.isTextual() && value.asText().trim().matches("-?\\d{1,9}")) {
            return Integer.parseInt(value.asText().trim());
        }
        return null;
    }
}

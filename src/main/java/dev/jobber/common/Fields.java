package dev.jobber.common;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps of alternating names and values that, unlike {@link Map#of}, keep nulls and order (audit details, say). */
public final class Fields {

    private Fields() {
    }

    public static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}

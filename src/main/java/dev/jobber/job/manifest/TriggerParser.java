package dev.jobber.job.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.common.api.JsonFields;

/** Reads the fields of one trigger type, naming its problems below {@code triggers[i]}. */
interface TriggerParser {

    /** @param context the trigger object as published */
    TriggerDefinition parse(JsonFields trigger, String name, ObjectNode context);
}

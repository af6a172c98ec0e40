package dev.jobber.config;

import org.eclipse.microprofile.config.spi.Converter;

/** Booleans as the original Jobber reads them: {@code true} in any case is true, anything else is false. */
public final class LenientBooleanConverter implements Converter<Boolean> {
    @Override
    public Boolean convert(String value) {
        return value != null && value.trim().equalsIgnoreCase("true");
    }
}

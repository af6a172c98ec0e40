package dev.jobber.config;

import dev.jobber.common.api.BodyLimits;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Hands the admin API its {@link BodyLimits} from the configuration, so that the API's shared ground reads none. */
@Singleton
class BodyLimitsProducer {

    @Produces
    @Singleton
    BodyLimits bodyLimits(JobberConfig jobber, AdminConfig admin) {
        return new BodyLimits(jobber.archive().maxSize().asLongValue(), admin.maxBodySize().asLongValue());
    }
}

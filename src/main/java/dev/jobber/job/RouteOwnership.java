package dev.jobber.job;

import dev.jobber.common.ConflictException;
import dev.jobber.common.ForbiddenException;
import dev.jobber.common.route.HttpRoute;
import dev.jobber.job.manifest.TriggerDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps a job from claiming an HTTP route that another enabled job's active version serves, where one of the two
 * would take the other's requests ({@link HttpRoute#overlaps}). An administrator may take such routes over on
 * purpose, with write on every job that serves them.
 */
@ApplicationScoped
public class RouteOwnership {

    private final JobRepository jobs;

    public RouteOwnership(JobRepository jobs) {
        this.jobs = jobs;
    }

    /**
     * Checks the HTTP triggers of a new version of {@code jobId}. Runs in the publishing transaction and keeps other
     * publishes from claiming routes until it ends.
     *
     * @param takeover whether the publisher asked to take over routes that other jobs serve
     * @throws ConflictException  a trigger overlaps another job's route and no takeover was asked for
     * @throws ForbiddenException takeover was asked for without write on a job that serves an overlapping route
     */
    void check(UUID jobId, List<TriggerDefinition> triggers, boolean takeover, PublishAccess access) {
        Map<Integer, HttpRoute> claimed = new LinkedHashMap<>();
        for (int i = 0; i < triggers.size(); i++) {
            if (triggers.get(i) instanceof TriggerDefinition.Http http) {
                claimed.put(i, HttpRoute.of(http.context()));
            }
        }
        check(jobId, claimed, takeover, access, "Change the trigger, or publish with ?allowRouteTakeover=true "
                + "holding write on that job");
    }

    /**
     * Checks the HTTP triggers of a version that is about to serve (activated, or its job enabled), in that
     * transaction; no takeover.
     *
     * @throws ConflictException a trigger overlaps a route another enabled job serves
     */
    void checkActivation(UUID jobId, List<Trigger> triggers) {
        Map<Integer, HttpRoute> claimed = new LinkedHashMap<>();
        for (Trigger trigger : triggers) {
            if (trigger.kind.equals("http")) {
                claimed.put(trigger.position, HttpRoute.of(trigger.context));
            }
        }
        check(jobId, claimed, false, null, "Disable that job or change its trigger first");
    }

    private void check(UUID jobId, Map<Integer, HttpRoute> claimed, boolean takeover, PublishAccess access,
            String remedy) {
        if (claimed.isEmpty()) {
            return;
        }
        jobs.lockRouteClaims();
        List<String> conflicts = new ArrayList<>();
        Map<UUID, String> owners = new LinkedHashMap<>();
        for (JobRepository.ServedRoute served : jobs.servedHttpRoutesOfOtherJobs(jobId)) {
            HttpRoute route = HttpRoute.of(served.trigger());
            claimed.forEach((index, wanted) -> {
                if (wanted.overlaps(route)) {
                    owners.put(served.jobId(), served.jobName());
                    conflicts.add("triggers[" + index + "] (" + wanted.describe() + ") overlaps " + route.describe()
                            + " of job \"" + served.jobName() + "\"");
                }
            });
        }
        if (conflicts.isEmpty()) {
            return;
        }
        if (!takeover) {
            throw new ConflictException("HTTP routes already served by another job: " + String.join("; ", conflicts)
                    + ". " + remedy);
        }
        owners.forEach((ownerId, ownerName) -> {
            if (!access.mayTakeOverRoutesOf(ownerId)) {
                throw new ForbiddenException("Not permitted: taking over the HTTP routes of job \"" + ownerName
                        + "\" needs write on that job");
            }
        });
    }
}

package dev.jobber.job.api;

import dev.jobber.auth.Caller;
import dev.jobber.auth.PermissionAction;
import dev.jobber.job.PublishAccess;
import java.util.UUID;

/** Publishing permissions of an admin API caller. */
record CallerPublishAccess(Caller caller) implements PublishAccess {

    /** The resource that creating jobs needs write on. */
    static final String NEW_JOB = "job/-/publish";

    @Override
    public boolean mayCreateJob() {
        return caller.allows(NEW_JOB, PermissionAction.WRITE);
    }

    @Override
    public boolean mayAddVersion(UUID jobId) {
        return caller.allows("job/" + jobId + "/publish", PermissionAction.WRITE);
    }

    @Override
    public boolean mayTakeOverRoutesOf(UUID jobId) {
        return caller.allows("job/" + jobId, PermissionAction.WRITE);
    }
}

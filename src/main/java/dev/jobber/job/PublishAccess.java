package dev.jobber.job;

import java.util.UUID;

/**
 * What the publisher of an archive may do. Publishing asks once the manifest names the job, before anything is
 * stored, and again while it holds the job's lock.
 */
public interface PublishAccess {

    /** Whether a job may be created under a name no job has yet ({@code job/-/publish} write). */
    boolean mayCreateJob();

    /** Whether a version may be added to this existing job ({@code job/<id>/publish} write). */
    boolean mayAddVersion(UUID jobId);

    /** Whether this other job's HTTP routes may be taken over ({@code job/<id>} write), when takeover was asked for. */
    boolean mayTakeOverRoutesOf(UUID jobId);
}

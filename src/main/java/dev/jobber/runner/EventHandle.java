package dev.jobber.runner;

/** An event handed to {@link RunnerManager#invoke}, for a caller that may stop waiting for its answer. */
public interface EventHandle {

    /**
     * The caller no longer wants the answer (its client went away): a queued event is dropped; a running one is
     * cancelled on its runner, which stops sending for it. The function's code itself runs on.
     */
    void abandon();
}

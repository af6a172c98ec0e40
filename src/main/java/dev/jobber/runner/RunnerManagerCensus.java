package dev.jobber.runner;

import dev.jobber.metrics.RunnerCensus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The runners of every pool, as the metrics summary counts them. */
@ApplicationScoped
public class RunnerManagerCensus implements RunnerCensus {

    private final RunnerManager runners;

    public RunnerManagerCensus(RunnerManager runners) {
        this.runners = runners;
    }

    @Override
    public List<Sample> runners() {
        return runners.allRunners().stream()
                .map(view -> new Sample(view.jobId(), view.status(), view.requestsProcessing(), view.lastRequestAt())).toList();
    }
}

package dev.jobber.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.config.RunnerConfig;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.manifest.ActionSettings;
import dev.jobber.job.manifest.DockerArguments;
import dev.jobber.job.manifest.RunnerMode;
import dev.jobber.metrics.JobberMetrics;
import dev.jobber.runner.protocol.EventSource;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A pool's decisions — starting, queueing, dispatching, timing out, draining, run-once — with no engine, no socket and
 * no clock: containers, timers and runner output are the test's, and runners become ready when the test says so.
 */
class RunnerPoolTest {

    private static final int QUEUE_SIZE = 4;
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    /** Timers that fire when the test says; runners launched; lines reported. */
    private static final class Context implements PoolContext {
        final RunnerSlots slots;
        final TreeMap<Long, Runnable> timers = new TreeMap<>();
        final Map<Long, Long> delays = new HashMap<>();
        final List<Runner> launched = new ArrayList<>();
        /** Whether launched runners' containers are created at once (else they wait, as for an image build). */
        boolean createContainers = true;
        final List<Runner> retired = new ArrayList<>();
        final List<String> reports = new ArrayList<>();
        final List<RunnerPool> wantingSlots = new ArrayList<>();
        private long nextTimer = 1;
        private final RunnerConfig config = fixedConfig();

        Context(int slots) {
            this.slots = new RunnerSlots(slots);
        }

        /** Fires every pending timer set for exactly {@code delay}. */
        void fire(Duration delay) {
            for (Long id : List.copyOf(timers.keySet())) {
                if (delays.get(id) == delay.toMillis()) {
                    Runnable action = timers.remove(id);
                    if (action != null) {
                        action.run();
                    }
                }
            }
        }

        @Override
        public RunnerConfig config() {
            return config;
        }

        @Override
        public RunnerSlots slots() {
            return slots;
        }

        @Override
        public RunnerOutput output() {
            throw new UnsupportedOperationException("no log frames in pool tests");
        }

        @Override
        public RunnerCalls calls() {
            throw new UnsupportedOperationException("no calls in pool tests");
        }

        @Override
        public Map<String, String> environment(UUID jobId) {
            return Map.of();
        }

        @Override
        public synchronized long setTimer(long delayMs, Runnable action) {
            long id = nextTimer++;
            timers.put(id, action);
            delays.put(id, delayMs);
            return id;
        }

        @Override
        public synchronized void cancelTimer(long id) {
            timers.remove(id);
        }

        @Override
        public void report(Runner runner, String text, boolean error) {
            reports.add(text);
        }

        @Override
        public void stopHolding(Runner runner) {
        }

        @Override
        public void launch(RunnerPool pool, Runner runner) {
            launched.add(runner);
            if (createContainers) {
                pool.onContainerCreated(runner);
            }
        }

        @Override
        public void describeFailedStart(RunnerPool pool, Runner runner, String what) {
            pool.onStartFailed(runner, what, 502);
        }

        @Override
        public void retired(Runner runner) {
            retired.add(runner);
            slots.release();
        }

        @Override
        public void slotWanted(RunnerPool pool) {
            wantingSlots.add(pool);
        }

        @Override
        public void poolClosed(RunnerPool pool) {
        }

        private static RunnerConfig fixedConfig() {
            return (RunnerConfig) Proxy.newProxyInstance(RunnerConfig.class.getClassLoader(),
                    new Class<?>[] {RunnerConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "queueSize" -> QUEUE_SIZE;
                        case "queueWait" -> QUEUE_WAIT;
                        case "startTimeout" -> START_TIMEOUT;
                        case "concurrency" -> 2;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    /** What an event's sender gets. */
    private static final class Answer extends CompletableFuture<Integer> implements ResponseSink {
        String failure;

        @Override
        public void head(int status, List<Map.Entry<String, String>> headers, Buffer body, boolean streaming) {
            complete(status);
        }

        @Override
        public void chunk(Buffer data, Runnable written) {
            written.run();
        }

        @Override
        public void end() {
        }

        @Override
        public void fail(int status, String message) {
            failure = message;
            complete(status);
        }
    }

    private final Context context = new Context(10);

    private static ActiveVersion version(boolean asynchronous, int min, int max, int timeout, String mode) {
        return new ActiveVersion(UUID.randomUUID(), "pool-test", UUID.randomUUID(), "1.0.0", "index.js", "commonjs",
                24, "0".repeat(64), new ActiveVersion.Action(UUID.randomUUID(), new ActionSettings(asynchronous, min,
                        max, timeout, 0, 0, 0, "run-once".equals(mode) ? RunnerMode.RUN_ONCE : RunnerMode.STANDARD,
                        DockerArguments.NONE)), List.of(), 0);
    }

    private RunnerPool pool(ActiveVersion version) {
        return pool(version, context);
    }

    private static RunnerPool pool(ActiveVersion version, Context context) {
        return new RunnerPool(version, context,
                new JobberMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).activate(version));
    }

    private static Invocation event(Answer answer) {
        return new Invocation(new dev.jobber.runner.Event(new EventSource.Mqtt("sensor", "in/x"), Buffer.buffer()),
                answer);
    }

    /** The pool's upkeep starts its minimum of one runner, which becomes ready. */
    private Runner warm(RunnerPool pool) {
        pool.maintain();
        Runner runner = context.launched.getFirst();
        pool.onReady(runner);
        return runner;
    }

    /** The function answers the event it handles on {@code runner}. */
    private static void answer(RunnerPool pool, Runner runner, Invocation invocation) {
        invocation.head(200, List.of(), Buffer.buffer("ok"), false);
        pool.onInvocationDone(runner, invocation);
    }

    @Test
    void eventsWaitForTheFirstRunnerAndAreHandedToItOnceReady() {
        RunnerPool pool = pool(version(false, 0, 1, 60, "standard"));
        Answer first = new Answer();
        Invocation event = event(first);

        assertThat(pool.submit(event)).isTrue();
        assertThat(context.launched).hasSize(1);
        Runner runner = context.launched.getFirst();
        assertThat(runner.inFlight).isEmpty();

        pool.onReady(runner);
        assertThat(runner.inFlight.values()).containsExactly(event);
        answer(pool, runner, event);
        assertThat(first).isCompletedWithValue(200);
        assertThat(runner.inFlight).isEmpty();
    }

    @Test
    void aSynchronousRunnerTakesOneEventAtATimeAndTheRestQueueUpToTheLimit() {
        RunnerPool pool = pool(version(false, 1, 1, 60, "standard"));
        Runner runner = warm(pool);

        List<Answer> answers = new ArrayList<>();
        List<Invocation> events = new ArrayList<>();
        for (int i = 0; i < 1 + QUEUE_SIZE + 1; i++) {
            Answer answer = new Answer();
            answers.add(answer);
            Invocation event = event(answer);
            events.add(event);
            pool.submit(event);
        }
        assertThat(runner.inFlight.values()).containsExactly(events.getFirst());
        // One handled, four queued, the sixth refused at once.
        assertThat(answers.getLast()).isCompletedWithValue(503);
        assertThat(answers.getLast().failure).contains("saturated");
        assertThat(answers.subList(1, 1 + QUEUE_SIZE)).allMatch(a -> !a.isDone());

        answer(pool, runner, events.getFirst());
        assertThat(runner.inFlight.values()).containsExactly(events.get(1));
        assertThat(context.launched).hasSize(1);
    }

    @Test
    void queuedEventsScaleThePoolOutUpToItsMaximum() {
        RunnerPool pool = pool(version(false, 0, 3, 60, "standard"));
        for (int i = 0; i < 5; i++) {
            pool.submit(event(new Answer()));
        }
        assertThat(context.launched).hasSize(3);
        context.launched.forEach(pool::onReady);
        assertThat(context.launched).allSatisfy(runner -> assertThat(runner.inFlight).hasSize(1));
    }

    @Test
    void anEventNoRunnerTakesWithinTheQueueWaitFailsWith503() {
        RunnerPool pool = pool(version(false, 0, 1, 60, "standard"));
        Answer answer = new Answer();
        pool.submit(event(answer));

        context.fire(QUEUE_WAIT);
        assertThat(answer).isCompletedWithValue(503);
        assertThat(answer.failure).contains("became free within 30 s");
    }

    @Test
    void anEventTheFunctionDoesNotAnswerInTimeFailsWith504AndItsRunnerIsReplaced() {
        RunnerPool pool = pool(version(true, 1, 1, 5, "standard"));
        Runner runner = warm(pool);
        Answer answer = new Answer();
        pool.submit(event(answer));

        context.fire(Duration.ofSeconds(5));
        assertThat(answer).isCompletedWithValue(504);
        assertThat(runner.state()).isEqualTo(RunnerState.CLOSED);
        assertThat(context.retired).containsExactly(runner);
        assertThat(context.launched).hasSize(2);
        assertThat(context.reports).anyMatch(line -> line.contains("timed out"));
    }

    @Test
    void aFailedStartFailsTheWaitingEventsWithItsStatusAndBacksOff() {
        RunnerPool pool = pool(version(false, 0, 1, 60, "standard"));
        Answer answer = new Answer();
        pool.submit(event(answer));
        Runner runner = context.launched.getFirst();

        pool.onStartFailed(runner, "No such image", 503);
        assertThat(answer).isCompletedWithValue(503);
        assertThat(answer.failure).contains("could be started: No such image");
        // The next start waits for the back-off, however many events come.
        pool.submit(event(new Answer()));
        assertThat(context.launched).hasSize(1);
    }

    @Test
    void aRunnerThatDoesNotBecomeReadyInTimeIsFailed() {
        RunnerPool pool = pool(version(false, 0, 1, 60, "standard"));
        Answer answer = new Answer();
        pool.submit(event(answer));

        context.fire(START_TIMEOUT);
        assertThat(answer).isCompletedWithValue(502);
        assertThat(answer.failure).contains("did not become ready within 20 s");
        assertThat(context.launched.getFirst().state()).isEqualTo(RunnerState.CLOSED);
    }

    @Test
    void theStartTimeoutCountsFromTheContainersCreationNotFromAnImageBuildBeforeIt() {
        RunnerPool pool = pool(version(false, 0, 1, 60, "standard"));
        context.createContainers = false;
        Answer answer = new Answer();
        pool.submit(event(answer));
        Runner runner = context.launched.getFirst();

        context.fire(START_TIMEOUT);
        assertThat(runner.state()).isEqualTo(RunnerState.STARTING);
        assertThat(answer).isNotDone();

        pool.onContainerCreated(runner);
        context.fire(START_TIMEOUT);
        assertThat(answer).isCompletedWithValue(502);
        assertThat(runner.state()).isEqualTo(RunnerState.CLOSED);
    }

    @Test
    void drainingHandsQueuedEventsOverAndRetiresRunnersOnceIdle() {
        RunnerPool pool = pool(version(false, 1, 1, 60, "standard"));
        Runner runner = warm(pool);
        Invocation busy = event(new Answer());
        Invocation waiting = event(new Answer());
        pool.submit(busy);
        pool.submit(waiting);

        assertThat(pool.drain()).containsExactly(waiting);
        assertThat(pool.submit(event(new Answer()))).isFalse();
        assertThat(runner.state()).isEqualTo(RunnerState.CLOSING);
        answer(pool, runner, busy);
        assertThat(runner.state()).isEqualTo(RunnerState.CLOSING);
        pool.onDisconnected(runner);
        assertThat(runner.state()).isEqualTo(RunnerState.CLOSED);
        assertThat(context.reports).anyMatch(line -> line.endsWith(" stopped"));
    }

    @Test
    void runOnceStartsARunnerPerEventUpToItsMaximumAndRetiresItAfterItsEvent() {
        RunnerPool pool = pool(version(false, 0, 2, 60, "run-once"));
        List<Invocation> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Invocation event = event(new Answer());
            events.add(event);
            pool.submit(event);
        }
        assertThat(context.launched).hasSize(2);
        Runner first = context.launched.getFirst();
        pool.onReady(first);
        assertThat(first.inFlight.values()).containsExactly(events.getFirst());

        answer(pool, first, events.getFirst());
        assertThat(first.state()).isEqualTo(RunnerState.CLOSING);
        pool.onDisconnected(first);
        // Its end frees room for the third event's own runner.
        assertThat(context.launched).hasSize(3);
        assertThat(context.launched.getLast().reserved).isSameAs(events.getLast());
    }

    @Test
    void withEverySlotTakenARunnerIsNotStartedAndAnIdleOneOfAnotherJobIsAskedFor() {
        Context full = new Context(1);
        RunnerPool other = pool(version(false, 1, 1, 60, "standard"), full);
        other.maintain();
        RunnerPool pool = pool(version(false, 0, 1, 60, "standard"), full);
        pool.submit(event(new Answer()));

        assertThat(full.launched).hasSize(1);
        assertThat(full.wantingSlots).containsExactly(pool);
    }
}

package dev.jobber.fuzz;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * What the fuzzing properties share. As a lifecycle hook ({@code @AddLifecycleHook(Fuzz.class)}) it sets every
 * property's tries: {@code -Dfuzz.tries=N} for a long run, else the property's own {@code tries} or
 * {@value #DEFAULT_TRIES}, so that a default run stays short enough for CI. {@link #run} runs one case on a worker
 * thread with a deadline and measures what it allocated.
 */
public final class Fuzz implements AroundPropertyHook {

    public static final int DEFAULT_TRIES = 1_000;

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static ExecutorService worker = newWorker();

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger("fuzz.tries");
        context.attributes().setTries(tries != null ? tries : context.attributes().tries().orElse(DEFAULT_TRIES));
        return property.execute();
    }

    /** How one case ended: its value or what it threw (errors included), and what it cost. */
    public record Outcome<T>(T value, Throwable thrown, long allocatedBytes, Duration took) {
    }

    /**
     * Runs {@code task} on the worker thread.
     *
     * @throws AssertionError when it has not finished within {@code timeout} (the worker is then abandoned)
     */
    public static synchronized <T> Outcome<T> run(Duration timeout, Callable<T> task) {
        Future<Outcome<T>> future = worker.submit(() -> {
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            T value = null;
            Throwable thrown = null;
            try {
                value = task.call();
            } catch (Throwable e) { // an OutOfMemoryError or StackOverflowError is a finding, not the end of the run
                thrown = e;
            }
            return new Outcome<>(value, thrown, THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore,
                    Duration.ofNanos(System.nanoTime() - start));
        });
        try {
            return future.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("no answer within " + timeout);
        } catch (ExecutionException e) {
            throw new AssertionError("the worker failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fuzz-worker");
            thread.setDaemon(true);
            return thread;
        });
    }
}

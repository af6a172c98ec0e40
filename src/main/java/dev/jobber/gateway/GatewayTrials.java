package dev.jobber.gateway;

import dev.jobber.common.ValidationException;
import dev.jobber.config.GatewayConfig;
import dev.jobber.job.ActiveVersion;
import dev.jobber.job.ActiveVersions;
import dev.jobber.job.Job;
import dev.jobber.job.JobService;
import dev.jobber.job.manifest.TriggerDefinition;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a request to a job through this instance's own gateway, as a client would, for the panel's "Try it": the
 * request must take one of the job's HTTP routes by the gateway's own matching. Blocks the calling thread (never an
 * event loop) until the answer is read, at most {@link #MAX_BODY} bytes of its body.
 */
@ApplicationScoped
public class GatewayTrials {

    static final int MAX_BODY = 1024 * 1024;
    /** Beyond the job's runner timeout: time to start a runner and answer. */
    static final Duration MARGIN = Duration.ofSeconds(30);
    /** For a job whose runner timeout is off. */
    static final Duration LONGEST = Duration.ofMinutes(15);
    private static final Set<String> NOT_FORWARDED = Set.of("cookie", "authorization", "host", "content-length",
            "expect", "proxy-authenticate");

    private final JobService jobs;
    private final ActiveVersions activeVersions;
    private final GatewayServer gateway;
    private final GatewayConfig config;
    private final HttpClient client;

    public GatewayTrials(JobService jobs, ActiveVersions activeVersions, GatewayServer gateway, GatewayConfig config,
            Vertx vertx) {
        this.jobs = jobs;
        this.activeVersions = activeVersions;
        this.gateway = gateway;
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMaxInitialLineLength(
                RequestRouter.MAX_PATH + 1024));
    }

    void stop(@Observes ShutdownEvent event) {
        client.close();
    }

    /**
     * @throws dev.jobber.common.NotFoundException when no job has that id
     * @throws ValidationException   naming every problem of the request, or when it takes no HTTP route of the job
     * @throws TrialTimeoutException when the gateway does not answer within the job's runner timeout and a margin
     */
    public TrialResponse send(UUID jobId, TrialRequest request) {
        Job job = jobs.get(jobId).job();
        TrialChecks.validate(request);
        ActiveVersion version = activeVersions.find(jobId).orElseThrow(() -> ValidationException.of("path",
                Job.ENABLED.equals(job.status) ? "job " + job.name + " has no active version"
                        : "job " + job.name + " is disabled"));
        String method = request.method();
        String host = host(version, method, request.path()).orElseThrow(() -> ValidationException.of("path",
                method + " " + request.path() + " matches no HTTP route of job " + job.name));
        int timeout = version.action().settings().runnerTimeout();
        Duration wait = timeout > 0 ? Duration.ofSeconds(timeout).plus(MARGIN) : LONGEST;
        return exchange(request, host, wait);
    }

    /**
     * The Host header under which the gateway routes the request to this version's job: none (the gateway's own
     * address), else one of the hostnames its HTTP triggers name.
     */
    private Optional<String> host(ActiveVersion version, String method, String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add("");
        for (ActiveVersion.Trigger trigger : version.triggers()) {
            if (trigger.definition() instanceof TriggerDefinition.Http http && http.hostname() != null) {
                hosts.add(http.hostname());
            }
        }
        for (String host : hosts) {
            Optional<RouteIndex.Route> route = gateway.route(host.isEmpty() ? address() : host, method, path);
            if (route.isPresent() && route.get().jobId().equals(version.jobId())) {
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    private String address() {
        return connectHost() + ":" + gateway.port();
    }

    private String connectHost() {
        String host = config.host();
        return host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
    }

    private TrialResponse exchange(TrialRequest trial, String host, Duration wait) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(trial.method()))
                .setHost(connectHost()).setPort(gateway.port()).setURI(trial.path());
        trial.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !RequestHeaders.isHopByHop(lower)) {
                options.addHeader(name, value);
            }
        });
        options.putHeader("Host", host.isEmpty() ? address() : host);
        Buffer body = trial.body() == null ? Buffer.buffer() : Buffer.buffer(trial.body(), "UTF-8");
        long started = System.nanoTime();
        CompletableFuture<TrialResponse> answer = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        client.request(options).onFailure(answer::completeExceptionally).onSuccess(request -> {
            sent.set(request);
            request.response().onFailure(answer::completeExceptionally).onSuccess(response -> {
                List<List<String>> headers = new ArrayList<>();
                response.headers().forEach(h -> headers.add(List.of(h.getKey(), h.getValue())));
                Buffer received = Buffer.buffer();
                boolean[] truncated = {false};
                response.handler(chunk -> {
                    if (truncated[0]) {
                        return;
                    }
                    int room = MAX_BODY - received.length();
                    if (chunk.length() > room) {
                        received.appendBuffer(chunk, 0, room);
                        truncated[0] = true;
                        answer.complete(result(response.statusCode(), headers, received, true, started,
                                response.getHeader(GatewaySink.REQUEST_ID)));
                        request.reset();
                    } else {
                        received.appendBuffer(chunk);
                    }
                });
                response.exceptionHandler(answer::completeExceptionally);
                response.endHandler(v -> answer.complete(result(response.statusCode(), headers, received, false,
                        started, response.getHeader(GatewaySink.REQUEST_ID))));
            });
            request.end(body);
        });
        try {
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(false);
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
            throw new TrialTimeoutException("The gateway did not answer " + trial.method() + " " + trial.path()
                    + " within " + wait.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not reach the gateway: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the gateway", e);
        }
    }

    private static TrialResponse result(int status, List<List<String>> headers, Buffer body, boolean truncated,
            long started, String requestId) {
        byte[] bytes = body.getBytes();
        String text = utf8(bytes, truncated);
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return text != null
                ? new TrialResponse(status, headers, text, false, truncated, durationMs, requestId)
                : new TrialResponse(status, headers, Base64.getEncoder().encodeToString(bytes), true, truncated,
                        durationMs, requestId);
    }

    /** The bytes as UTF-8 text, or null when they are not; a cut body may end inside a character. */
    static String utf8(byte[] bytes, boolean cut) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, false);
        if (result.isError() || (in.hasRemaining() && !cut)) {
            return null;
        }
        out.flip();
        return out.toString();
    }
}

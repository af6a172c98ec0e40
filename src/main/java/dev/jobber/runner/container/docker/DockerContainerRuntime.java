package dev.jobber.runner.container.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.VolumeOptions;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.jobber.runner.container.ContainerException;
import dev.jobber.runner.container.ContainerExit;
import dev.jobber.runner.container.ContainerInfo;
import dev.jobber.runner.container.ContainerRuntime;
import dev.jobber.runner.container.ContainerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@link ContainerRuntime} on a Docker engine through docker-java; {@code DOCKER_HOST} is honoured as by the CLI. */
public final class DockerContainerRuntime implements ContainerRuntime, AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient client;
    private final DockerHttpClient http;
    private final String address;

    public DockerContainerRuntime() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        this.address = config.getDockerHost().toString();
        this.http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(64)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(CALL_TIMEOUT)
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public void ping() {
        call("ping", () -> client.pingCmd().exec());
    }

    @Override
    public String create(ContainerSpec spec) {
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPidsLimit(spec.pidsLimit())
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs(spec.nanoCpus())
                .withUlimits(List.of(new Ulimit("nofile", (long) spec.nofile(), (long) spec.nofile())))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,noexec,mode=1777,size=" + spec.tmpBytes()))
                // Empty, root-owned anonymous volumes: the engine copies into them although the root is read-only,
                // and removes them with the container.
                .withMounts(spec.inputDirectories().stream().map(target -> new Mount().withType(MountType.VOLUME)
                        .withTarget(target).withVolumeOptions(new VolumeOptions().withNoCopy(true))).toList())
                .withBinds(spec.volumes().stream().map(Bind::parse).toList())
                .withExtraHosts(spec.extraHosts().toArray(String[]::new));
        spec.network().ifPresent(host::withNetworkMode);
        return call("create container " + spec.name(), () -> {
            CreateContainerCmd command = client.createContainerCmd(spec.image())
                    .withName(spec.name())
                    .withUser(spec.user())
                    .withLabels(spec.labels())
                    .withHostConfig(host);
            String id = command.exec().getId();
            for (String network : spec.extraNetworks()) {
                client.connectToNetworkCmd().withContainerId(id).withNetworkId(network).exec();
            }
            return id;
        });
    }

    @Override
    public void copyInto(String containerId, String path, InputStream tar) {
        call("copy into container " + containerId, () -> client.copyArchiveToContainerCmd(containerId)
                .withTarInputStream(tar).withRemotePath(path).exec());
    }

    @Override
    public void start(String containerId) {
        call("start container " + containerId, () -> client.startContainerCmd(containerId).exec());
    }

    @Override
    public void kill(String containerId) {
        try {
            call("kill container " + containerId, () -> client.killContainerCmd(containerId).exec());
        } catch (ContainerException e) {
            if (!isGone(e)) {
                throw e;
            }
        }
    }

    @Override
    public void remove(String containerId) {
        try {
            call("remove container " + containerId, () -> client.removeContainerCmd(containerId)
                    .withForce(true).withRemoveVolumes(true).exec());
        } catch (ContainerException e) {
            if (!isGone(e)) {
                throw e;
            }
        }
    }

    @Override
    public Optional<ContainerExit> inspect(String containerId) {
        try {
            InspectContainerResponse response = call("inspect container " + containerId,
                    () -> client.inspectContainerCmd(containerId).exec());
            InspectContainerResponse.ContainerState state = response.getState();
            return Optional.of(new ContainerExit(Boolean.TRUE.equals(state.getRunning()), state.getExitCodeLong(),
                    Boolean.TRUE.equals(state.getOOMKilled()), state.getError()));
        } catch (ContainerException e) {
            if (e.getCause() instanceof NotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String logs(String containerId, int lines) {
        StringBuilder text = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                if (text.length() < 64 * 1024) {
                    text.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        };
        try {
            client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(lines).exec(callback)
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return "(logs unavailable: " + e.getMessage() + ")";
        }
        return text.toString();
    }

    @Override
    public List<ContainerInfo> list(Map<String, String> labels) {
        List<Container> containers = call("list containers", () -> client.listContainersCmd()
                .withShowAll(true).withLabelFilter(labels).exec());
        return containers.stream().map(c -> new ContainerInfo(c.getId(),
                c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", ""),
                c.getLabels() == null ? Map.of() : c.getLabels(), "running".equals(c.getState()))).toList();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    private static boolean isGone(ContainerException e) {
        return e.getCause() instanceof NotFoundException || e.getCause() instanceof ConflictException
                || e.getCause() instanceof NotModifiedException;
    }

    private <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw new ContainerException("Docker engine at " + address + " failed to " + what + ": "
                    + rootMessage(e), e);
        }
    }

    private void call(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.trim();
    }
}

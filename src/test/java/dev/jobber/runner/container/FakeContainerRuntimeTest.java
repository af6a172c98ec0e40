package dev.jobber.runner.container;

/** The fake engine keeps the contract the Docker engine keeps. */
class FakeContainerRuntimeTest extends ContainerRuntimeContractTest {

    private static final String IMAGE = "fake-runner:1";
    private FakeContainerRuntime fake;

    @Override
    protected ContainerRuntime runtime() {
        fake = new FakeContainerRuntime(IMAGE);
        return fake;
    }

    @Override
    protected String image() {
        return IMAGE;
    }

    @Override
    protected byte[] keepsRunning() {
        return tar("credentials.json", "{}");
    }

    @Override
    protected void removeImage(String image) {
        // The fake forgets its images with it.
    }

    @Override
    protected void exitsPrinting(String containerId, String line) {
        fake.start(containerId);
        fake.exit(containerId, 1, line + "\n");
    }
}

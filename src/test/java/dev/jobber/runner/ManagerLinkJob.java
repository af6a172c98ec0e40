package dev.jobber.runner;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.jobber.testing.TestDocker;
import java.util.List;
import java.util.Map;

/**
 * A job whose answer needs the manager link both ways (a store call and its reply, then the response), for the
 * transport tests.
 */
record ManagerLinkJob(String name, String jobId) {

    static ManagerLinkJob publishNew(String prefix) {
        String name = unique(prefix);
        String jobId = publish(job(name, "1.0.0").file("index.js", """
                module.exports.handler = async (req, res, context) => {
                  await context.setStore('k', 'stored');
                  res.text((await context.getStore('k')).value);
                };
                """).manifest(m -> {
                    m.withArray("triggers").removeAll();
                    m.withArray("triggers").addObject().put("type", "http").put("path", "^/" + name + "$");
                }).zip()).statusCode(200).extract().path("data.job.id");
        return new ManagerLinkJob(name, jobId);
    }

    /** Calls the job through the gateway and checks its answer. */
    void servesThrough(int gatewayPort) {
        given().get("http://127.0.0.1:" + gatewayPort + "/" + name).then().statusCode(200).body(equalTo("stored"));
    }

    /** The container of the job's one runner. */
    InspectContainerResponse runner() {
        List<Container> runners = TestDocker.client().listContainersCmd()
                .withLabelFilter(Map.of("jobber.job", jobId)).exec();
        assertThat(runners).hasSize(1);
        return TestDocker.client().inspectContainerCmd(runners.get(0).getId()).exec();
    }
}

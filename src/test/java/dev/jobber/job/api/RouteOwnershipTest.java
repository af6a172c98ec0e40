package dev.jobber.job.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobber.config.JobberConfig;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.StoredState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A job cannot claim an HTTP route another enabled job serves, unless an administrator takes it over on purpose. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class RouteOwnershipTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    JobberConfig config;

    @Test
    void refusesTheSameExactPathWithOverlappingHostnameOrMethod() {
        String path = "/" + unique("owned");
        String owner = unique("owner");
        publish(withRoute(owner, t -> t.put("method", "GET").put("path", path))).statusCode(200);

        StoredState before = stored();
        publish(withRoute(unique("claimer"), t -> t.put("path", path))).statusCode(409)
                .body("success", equalTo(false))
                .body("message", allOf(containsString("job \"" + owner + "\""), containsString(path)));
        publish(withRoute(unique("claimer"), t -> t.put("path", path).put("method", "get").put("hostname", "x.test")))
                .statusCode(409);
        assertThat(stored()).isEqualTo(before);

        publish(withRoute(unique("poster"), t -> t.put("path", path).put("method", "POST"))).statusCode(200);
        publish(withRoute(unique("longer"), t -> t.put("path", path + "/more"))).statusCode(200);
        publish(withRoute(owner, "2.0.0", t -> t.put("method", "GET").put("path", path))).statusCode(200);
    }

    @Test
    void refusesTheSameRegularExpressionOrAWildcardOnAnOverlappingHostname() {
        String host = unique("host") + ".test";
        String regex = "^/" + unique("rx") + "/";
        String owner = unique("owner");
        publish(withRoute(owner, t -> t.put("path", regex).put("hostname", host))).statusCode(200);
        publish(withRoute(unique("claimer"), t -> t.put("path", regex).put("hostname", host.toUpperCase())))
                .statusCode(409).body("message", containsString(owner));
        publish(withRoute(unique("elsewhere"), t -> t.put("path", regex).put("hostname", "other-" + host)))
                .statusCode(200);

        String wildcardOwner = unique("catch-all");
        publish(withRoute(wildcardOwner, t -> t.put("hostname", "all-" + host))).statusCode(200);
        publish(withRoute(unique("claimer"), t -> t.put("method", "DELETE"))).statusCode(409)
                .body("message", containsString(wildcardOwner));
    }

    @Test
    void aDisabledJobHoldsNoRoutesAndIsNotEnabledOverItsSuccessor() {
        String path = "/" + unique("resting");
        String ownerId = publish(withRoute(unique("owner"), t -> t.put("path", path))).statusCode(200)
                .extract().path("data.job.id");
        given().contentType("application/json").body("{\"status\":\"disabled\"}").put("/api/job/" + ownerId)
                .then().statusCode(200);
        String successor = unique("successor");
        publish(withRoute(successor, t -> t.put("path", path))).statusCode(200);

        given().contentType("application/json").body("{\"status\":\"enabled\"}").put("/api/job/" + ownerId)
                .then().statusCode(409).body("message", containsString("job \"" + successor + "\""));
        given().get("/api/job/" + ownerId).then().body("data.status", equalTo("disabled"));
    }

    @Test
    void anAdministratorTakesARouteOverOnPurposeWithWriteOnTheOwner() {
        String path = "/" + unique("taken");
        String ownerId = publish(withRoute(unique("owner"), t -> t.put("path", path))).statusCode(200)
                .extract().path("data.job.id");

        String creator = token("[{\"effect\":\"allow\",\"resource\":\"job/-/publish\",\"actions\":[\"write\"]}]");
        publishAs(creator, withRoute(unique("usurper"), t -> t.put("path", path)), "?allowRouteTakeover=true")
                .statusCode(403).body("message", containsString("taking over"));

        String administrator = token("[{\"effect\":\"allow\",\"resource\":\"job/-/publish\",\"actions\":[\"write\"]},"
                + "{\"effect\":\"allow\",\"resource\":\"job/" + ownerId + "\",\"actions\":[\"write\"]}]");
        publishAs(administrator, withRoute(unique("successor"), t -> t.put("path", path)), "").statusCode(409);
        publishAs(administrator, withRoute(unique("successor"), t -> t.put("path", path)), "?allowRouteTakeover=true")
                .statusCode(200);
    }

    private static byte[] withRoute(String name, Consumer<ObjectNode> trigger) {
        return withRoute(name, "1.0.0", trigger);
    }

    private static byte[] withRoute(String name, String version, Consumer<ObjectNode> trigger) {
        return job(name, version).manifest(m -> {
            m.withArray("triggers").removeAll();
            trigger.accept(m.withArray("triggers").addObject().put("type", "http"));
        }).zip();
    }

    private StoredState stored() {
        return StoredState.of(dataSource, config.dataDir());
    }

    private static ValidatableResponse publishAs(String token, byte[] zip, String query) {
        return given().header("Authorization", "Bearer " + token)
                .multiPart("archive", "job.zip", zip, "application/zip")
                .post("/api/job/publish/" + query).then();
    }

    private static String token(String permissions) {
        return given().contentType("application/json")
                .body("{\"description\":\"routes\",\"ttl\":600,\"permissions\":" + permissions + "}")
                .post("/api/api-tokens/").then().statusCode(200).extract().path("data.token");
    }
}

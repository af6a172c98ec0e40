package dev.jobber.instance.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.testing.JobberTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The panel is reached from the admin port's root, and each of its pages loads as the single-page app. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class PanelRoutesTest {

    @Test
    void theRootAndTheBarePanelPathLeadToThePanel() {
        given().redirects().follow(false).get("/").then().statusCode(302).header("Location", "/jobber/");
        given().redirects().follow(false).get("/jobber").then().statusCode(302).header("Location", "/jobber/");
    }

    @Test
    void everyPanelPathIsAnsweredWithTheAppThatLoadsOnlyItsOwnAssets() {
        for (String path : new String[] {"/jobber/", "/jobber/jobs", "/jobber/jobs/0b7e/logs"}) {
            given().get(path).then().statusCode(200).contentType(containsString("text/html"))
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .body(containsString("<div id=\"app\"></div>"), containsString("/jobber/assets/"));
        }
    }

    @Test
    void aMissingAssetIsNotFoundRatherThanThePage() {
        given().get("/jobber/assets/missing-0000.js").then().statusCode(404);
    }

    @Test
    void apiPathsAreNotTakenByThePanel() {
        given().get("/api/no-such-route").then().statusCode(404).body("success", equalTo(false));
    }
}

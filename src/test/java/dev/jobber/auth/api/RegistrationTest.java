package dev.jobber.auth.api;

import static dev.jobber.testing.AdminApi.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
@TestProfile(RegistrationTest.OpenRegistration.class)
class RegistrationTest {

    /** Public registration on, password login off. */
    public static class OpenRegistration implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.public-registration-enabled", "true", "auth.public-login-enabled", "false");
        }
    }

    @Test
    void registeredUsersAreSignedInWithoutPermissions() {
        String name = unique("newcomer");
        String cookie = given().noFiltersOfType(TestAdmin.AuthFilter.class).contentType("application/json")
                .body("{\"username\":\"" + name + "\",\"password\":\"password-1\"}").post("/api/auth/register")
                .then().statusCode(200).extract().cookie("jobber-session");
        given().noFiltersOfType(TestAdmin.AuthFilter.class).cookie("jobber-session", cookie).get("/api/auth")
                .then().statusCode(200).body("data.user.username", equalTo(name)).body("data.permissions", empty());
        given().noFiltersOfType(TestAdmin.AuthFilter.class).cookie("jobber-session", cookie).get("/api/users/")
                .then().statusCode(403);
        given().noFiltersOfType(TestAdmin.AuthFilter.class).contentType("application/json")
                .body("{\"username\":\"" + name.toUpperCase() + "\",\"password\":\"password-2\"}")
                .post("/api/auth/register").then().statusCode(409);
    }

    @Test
    void passwordLoginCanBeTurnedOff() {
        given().noFiltersOfType(TestAdmin.AuthFilter.class).contentType("application/json")
                .body("{\"username\":\"someone\",\"password\":\"password-1\"}").post("/api/auth/login")
                .then().statusCode(403).body("message", containsString("AUTH_PUBLIC_LOGIN_ENABLED"));
    }
}

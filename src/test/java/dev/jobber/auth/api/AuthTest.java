package dev.jobber.auth.api;

import static dev.jobber.testing.AdminApi.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class AuthTest {

    private static final String ALL = "[{\"effect\":\"allow\",\"resource\":\"*\",\"actions\":[\"read\",\"write\","
            + "\"delete\"]}]";
    private static final String PUBLISH_ONLY = "[{\"effect\":\"allow\",\"resource\":\"job/-/publish\","
            + "\"actions\":[\"write\"]}]";

    @Inject
    DataSource dataSource;

    @Test
    void signingInSetsAStrictHttpOnlySessionCookieThatIdentifiesTheUser() {
        Response login = anonymous().contentType("application/json")
                .body("{\"username\":\"" + TestAdmin.USERNAME + "\",\"password\":\"" + TestAdmin.PASSWORD + "\"}")
                .post("/api/auth/login");
        login.then().statusCode(200).body("success", equalTo(true)).body("data.session.expires", notNullValue());
        String setCookie = login.header("Set-Cookie");
        assertThat(setCookie).startsWith("jobber-session=jbs_").contains("Path=/").containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict").containsIgnoringCase("Max-Age=86400")
                .doesNotContainIgnoringCase("Secure");

        anonymous().cookie("jobber-session", login.cookie("jobber-session")).get("/api/auth").then().statusCode(200)
                .body("data.user.username", equalTo(TestAdmin.USERNAME))
                .body("data.permissions[0].resource", equalTo("*"))
                .body("data.session.expires", notNullValue()).body("data.token", nullValue());
    }

    @Test
    void usernamesAreCaseInsensitive() {
        String name = unique("Case");
        createUser(name, "password-1", "[]");
        login(name.toUpperCase(), "password-1");
        given().contentType("application/json")
                .body("{\"username\":\"" + name.toLowerCase() + "\",\"password\":\"password-2\",\"permissions\":[]}")
                .post("/api/users/").then().statusCode(409).body("message", containsString("already exists"));
    }

    @Test
    void loggingOutEndsTheSession() {
        String cookie = login(TestAdmin.USERNAME, TestAdmin.PASSWORD);
        withCookie(cookie).get("/api/auth").then().statusCode(200);
        Response logout = withCookie(cookie).header("Origin", origin()).post("/api/auth/logout");
        logout.then().statusCode(200);
        assertThat(logout.header("Set-Cookie")).startsWith("jobber-session=;").contains("Max-Age=0");
        withCookie(cookie).get("/api/auth").then().statusCode(401).body("success", equalTo(false));
    }

    @Test
    void wrongPasswordsAndUnknownUsersAreAnsweredAlike() {
        String name = unique("wrong");
        createUser(name, "password-1", "[]");
        loginAttempt(name, "password-2").then().statusCode(401).body("message", equalTo("Invalid username or password"));
        loginAttempt(unique("nobody"), "password-2").then().statusCode(401)
                .body("message", equalTo("Invalid username or password"));
    }

    @Test
    void aTokenCannotMintATokenThatOutlivesItself() {
        String shortLived = token(ALL);
        bearer(shortLived).contentType("application/json").body("{\"permissions\":[],\"description\":\"child\","
                + "\"ttl\":86400}").post("/api/api-tokens/").then().statusCode(400)
                .body("message", containsString("must not outlive the token making the request"));
        bearer(shortLived).contentType("application/json").body("{\"permissions\":[],\"description\":\"child\","
                + "\"ttl\":300}").post("/api/api-tokens/").then().statusCode(200);
    }

    @Test
    void loginTakesAStrictBody() {
        anonymous().contentType("application/json").body("{\"username\":\"ab\",\"password\":\"x\",\"extra\":1}")
                .post("/api/auth/login").then().statusCode(400).body("message", containsString("extra"));
    }

    @Test
    void anonymousWhoAmIIsA401InTheEnvelope() {
        anonymous().get("/api/auth").then().statusCode(401).body("success", equalTo(false))
                .body("message", containsString("Authentication required"));
        anonymous().header("Authorization", "Bearer jbt_invalid").get("/api/auth").then().statusCode(401)
                .body("message", containsString("Invalid or expired"));
    }

    @Test
    void publicRegistrationIsOffByDefault() {
        anonymous().contentType("application/json").body("{\"username\":\"" + unique("reg") + "\",\"password\":"
                + "\"password-1\"}").post("/api/auth/register").then().statusCode(403)
                .body("message", containsString("AUTH_PUBLIC_REGISTRATION_ENABLED"));
    }

    @Test
    void usersAreManagedWithTheOriginalsRequestShapes() {
        String name = unique("shape");
        String id = given().contentType("application/json").body("{\"username\":\"" + name + "\",\"password\":"
                + "\"password-1\",\"permissions\":" + PUBLISH_ONLY + "}").post("/api/users/")
                .then().statusCode(200).body("data.username", equalTo(name))
                .body("data.permissions[0].resource", equalTo("job/-/publish"))
                .body("data.password", nullValue()).body("data.passwordHash", nullValue())
                .body("data.created", containsString("T")).extract().path("data.id");
        given().get("/api/users/").then().statusCode(200).body("data.username", hasItem(name));
        given().contentType("application/json").body("{\"username\":\"" + name + "-2\",\"enabled\":false}")
                .put("/api/users/" + id).then().statusCode(200).body("data.username", equalTo(name + "-2"))
                .body("data.enabled", equalTo(false));
        loginAttempt(name + "-2", "password-1").then().statusCode(401);
        given().delete("/api/users/" + id).then().statusCode(200);
        given().get("/api/users/" + id).then().statusCode(404);
    }

    @Test
    void aTokenIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        Response created = given().contentType("application/json")
                .body("{\"permissions\":" + PUBLISH_ONLY + ",\"description\":\"CI\",\"ttl\":3600}")
                .post("/api/api-tokens/");
        created.then().statusCode(200).body("data.status", equalTo("enabled"))
                .body("data.description", equalTo("CI")).body("data.expires", containsString("T"));
        String id = created.path("data.id");
        String secret = created.path("data.token");
        assertThat(secret).startsWith("jbt_").hasSizeGreaterThan(40);

        given().get("/api/api-tokens/" + id).then().statusCode(200).body("data.token", nullValue());
        given().get("/api/api-tokens/").then().statusCode(200).body("data.token", not(hasItem(notNullValue())));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select token_hash from api_token where id = ?::uuid")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                byte[] stored = rs.getBytes(1);
                assertThat(HexFormat.of().formatHex(stored)).isEqualTo(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8))));
            }
        }
        bearer(secret).get("/api/auth").then().statusCode(200).body("data.token.expires", notNullValue())
                .body("data.permissions[0].resource", equalTo("job/-/publish"));
    }

    @Test
    void aPublishOnlyTokenCanPublishButNotReadJobs() {
        String secret = token(PUBLISH_ONLY);
        bearer(secret).multiPart("archive", "job.zip", dev.jobber.testing.JobArchive.job(unique("ci"), "1.0.0").zip(),
                "application/zip").post("/api/job/publish/").then().statusCode(200);
        bearer(secret).get("/api/job/").then().statusCode(200).body("data.size()", equalTo(0));
        bearer(secret).contentType("application/json").body("{\"permissions\":[],\"description\":\"x\",\"ttl\":60}")
                .post("/api/api-tokens/").then().statusCode(403);
    }

    @Test
    void disablingOrDeletingTheOwnerDisablesItsTokens() {
        String name = unique("owner");
        String userId = createUser(name, "password-1", ALL);
        String cookie = login(name, "password-1");
        String secret = withCookie(cookie).header("Origin", origin()).contentType("application/json")
                .body("{\"permissions\":" + ALL + ",\"description\":\"mine\",\"ttl\":3600}").post("/api/api-tokens/")
                .then().statusCode(200).extract().path("data.token");
        bearer(secret).get("/api/auth").then().statusCode(200);

        given().contentType("application/json").body("{\"enabled\":false}").put("/api/users/" + userId)
                .then().statusCode(200);
        bearer(secret).get("/api/auth").then().statusCode(401);
        withCookie(cookie).get("/api/auth").then().statusCode(401);

        given().contentType("application/json").body("{\"enabled\":true}").put("/api/users/" + userId)
                .then().statusCode(200);
        bearer(secret).get("/api/auth").then().statusCode(200);
        given().delete("/api/users/" + userId).then().statusCode(200);
        bearer(secret).get("/api/auth").then().statusCode(401);
    }

    @Test
    void disabledAndExpiredTokensAreRefused() throws Exception {
        Response created = given().contentType("application/json")
                .body("{\"permissions\":" + ALL + ",\"description\":\"short\",\"ttl\":60}").post("/api/api-tokens/");
        String id = created.path("data.id");
        String secret = created.path("data.token");
        given().contentType("application/json").body("{\"status\":\"disabled\"}").put("/api/api-tokens/" + id)
                .then().statusCode(200).body("data.status", equalTo("disabled"));
        bearer(secret).get("/api/auth").then().statusCode(401);
        given().contentType("application/json").body("{\"status\":\"enabled\"}").put("/api/api-tokens/" + id)
                .then().statusCode(200);
        bearer(secret).get("/api/auth").then().statusCode(200);

        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "update api_token set expires = now() - interval '1 second' where id = ?::uuid")) {
            statement.setString(1, id);
            statement.executeUpdate();
        }
        bearer(secret).get("/api/auth").then().statusCode(401);
        given().delete("/api/api-tokens/" + id).then().statusCode(200);
        given().get("/api/api-tokens/" + id).then().statusCode(404);
    }

    @Test
    void tokenRequestsAreValidated() {
        given().contentType("application/json").body("{\"permissions\":[{\"effect\":\"perhaps\",\"resource\":\"*\","
                + "\"actions\":[\"read\"]}],\"description\":\"\",\"ttl\":5}").post("/api/api-tokens/")
                .then().statusCode(400).body("message", containsString("permissions[0].effect"))
                .body("errors.field", hasItem("permissions[0].effect"));
        given().contentType("application/json").body("{\"permissions\":[],\"description\":\"d\",\"ttl\":5}")
                .post("/api/api-tokens/").then().statusCode(400).body("message", containsString("ttl"));
    }

    @Test
    void nobodyGrantsWhatTheyDoNotHold() {
        String limited = createUser(unique("limited"), "password-1", "[{\"effect\":\"allow\",\"resource\":\"users\","
                + "\"actions\":[\"read\",\"write\"]},{\"effect\":\"allow\",\"resource\":\"api-tokens\",\"actions\":"
                + "[\"write\"]},{\"effect\":\"allow\",\"resource\":\"job/-/publish\",\"actions\":[\"write\"]}]");
        String cookie = login(username(limited), "password-1");

        String tooMuch = "{\"permissions\":" + ALL + ",\"description\":\"more\",\"ttl\":600}";
        asUser(cookie).body(tooMuch).post("/api/api-tokens/").then().statusCode(403)
                .body("message", containsString("do not hold"));
        asUser(cookie).body("{\"permissions\":" + PUBLISH_ONLY + ",\"description\":\"ci\",\"ttl\":600}")
                .post("/api/api-tokens/").then().statusCode(200);
        asUser(cookie).body("{\"username\":\"" + unique("escalated") + "\",\"password\":\"password-1\","
                + "\"permissions\":" + ALL + "}").post("/api/users/").then().statusCode(403);
        // It may write users, but not hand itself more permissions or take over the administrator.
        asUser(cookie).body("{\"permissions\":" + ALL + "}").put("/api/users/" + limited).then().statusCode(403);
        String adminId = given().get("/api/auth").then().extract().path("data.user.id");
        asUser(cookie).body("{\"password\":\"taken-over\"}").put("/api/users/" + adminId).then().statusCode(403);
        loginAttempt(TestAdmin.USERNAME, TestAdmin.PASSWORD).then().statusCode(200);
    }

    private RequestSpecification asUser(String cookie) {
        return withCookie(cookie).header("Origin", origin()).contentType("application/json");
    }

    @Test
    void cookieAuthenticatedChangesMustComeFromThisOrigin() {
        String cookie = login(TestAdmin.USERNAME, TestAdmin.PASSWORD);
        String body = "{\"permissions\":[],\"description\":\"csrf\",\"ttl\":600}";
        withCookie(cookie).contentType("application/json").body(body).post("/api/api-tokens/").then()
                .statusCode(403).body("message", containsString("Cross-site request refused"));
        withCookie(cookie).header("Origin", "https://evil.example").contentType("application/json").body(body)
                .post("/api/api-tokens/").then().statusCode(403);
        withCookie(cookie).header("Sec-Fetch-Site", "cross-site").contentType("application/json").body(body)
                .post("/api/api-tokens/").then().statusCode(403);
        withCookie(cookie).header("Origin", origin()).contentType("application/json").body(body)
                .post("/api/api-tokens/").then().statusCode(200);
        withCookie(cookie).header("Sec-Fetch-Site", "same-origin").contentType("application/x-www-form-urlencoded")
                .formParam("type", "text").formParam("value", "v")
                .post("/api/job/" + java.util.UUID.randomUUID() + "/environment/X").then().statusCode(404);
        // Reading needs no origin, and tokens are not sent by browsers on their own.
        withCookie(cookie).get("/api/api-tokens/").then().statusCode(200);
    }

    private static String origin() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    private static RequestSpecification anonymous() {
        return given().noFiltersOfType(TestAdmin.AuthFilter.class);
    }

    private static RequestSpecification bearer(String token) {
        return anonymous().header("Authorization", "Bearer " + token);
    }

    private static RequestSpecification withCookie(String value) {
        return anonymous().cookie("jobber-session", value);
    }

    private static Response loginAttempt(String username, String password) {
        return anonymous().contentType("application/json")
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}").post("/api/auth/login");
    }

    private static String login(String username, String password) {
        return loginAttempt(username, password).then().statusCode(200).extract().cookie("jobber-session");
    }

    private static String createUser(String username, String password, String permissions) {
        return given().contentType("application/json").body("{\"username\":\"" + username + "\",\"password\":\""
                + password + "\",\"permissions\":" + permissions + "}").post("/api/users/")
                .then().statusCode(200).extract().path("data.id");
    }

    private static String username(String userId) {
        return given().get("/api/users/" + userId).then().statusCode(200).extract().path("data.username");
    }

    private static String token(String permissions) {
        return given().contentType("application/json").body("{\"permissions\":" + permissions
                + ",\"description\":\"test\",\"ttl\":600}").post("/api/api-tokens/").then().statusCode(200)
                .extract().path("data.token");
    }
}

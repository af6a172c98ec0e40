package dev.jobber.auth.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Over TLS the session cookie is {@code __Host-jobber-session}, which only a secure origin can set: a plain
 * {@code jobber-session} cookie (which a function on the gateway's port could plant) is not read there.
 */
@QuarkusTest
@TestProfile(SessionCookieOverTlsTest.Tls.class)
@QuarkusTestResource(JobberTestResource.class)
class SessionCookieOverTlsTest {

    private static final String PASSWORD = "keystore-password";

    /** The admin API on HTTPS too, with a self-signed certificate made for the test. */
    public static class Tls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path keystore = selfSignedKeystore();
            return Map.of("quarkus.http.ssl.certificate.key-store-file", keystore.toString(),
                    "quarkus.http.ssl.certificate.key-store-password", PASSWORD,
                    "quarkus.http.test-ssl-port", "0", "quarkus.http.insecure-requests", "enabled");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    private RequestSpecification overTls() {
        return given().noFiltersOfType(TestAdmin.AuthFilter.class).relaxedHTTPSValidation()
                .baseUri("https://" + https.getHost()).port(https.getPort());
    }

    @Test
    void signingInOverTlsSetsTheHostPrefixedCookieWhichAloneIsReadThere() {
        Response login = overTls().contentType("application/json")
                .body("{\"username\":\"" + TestAdmin.USERNAME + "\",\"password\":\"" + TestAdmin.PASSWORD + "\"}")
                .post("/api/auth/login");
        login.then().statusCode(200);
        String setCookie = login.header("Set-Cookie");
        assertThat(setCookie).startsWith("__Host-jobber-session=jbs_").contains("Path=/")
                .containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly").doesNotContainIgnoringCase("Domain");
        String secret = login.cookie("__Host-jobber-session");

        overTls().cookie("__Host-jobber-session", secret).get("/api/auth").then().statusCode(200)
                .body("data.user.username", equalTo(TestAdmin.USERNAME));
        overTls().cookie("jobber-session", secret).get("/api/auth").then().statusCode(401);

        Response logout = overTls().cookie("__Host-jobber-session", secret)
                .header("Origin", "https://" + https.getHost() + ":" + https.getPort()).post("/api/auth/logout");
        logout.then().statusCode(200);
        assertThat(logout.header("Set-Cookie")).startsWith("__Host-jobber-session=;");
        overTls().cookie("__Host-jobber-session", secret).get("/api/auth").then().statusCode(401);
    }

    private static Path selfSignedKeystore() {
        try {
            Path directory = Files.createTempDirectory("jobber-tls-");
            Path keystore = directory.resolve("keystore.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "jobber", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", PASSWORD).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            keystore.toFile().deleteOnExit();
            directory.toFile().deleteOnExit();
            return keystore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.jobber.auth.api;

import static dev.jobber.testing.AdminApi.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobber.auth.LoginThrottle;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.RawHttp;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Failed logins slow the next ones down; they never lock the rightful user out. */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class LoginThrottlingTest {

    @Inject
    LoginThrottle throttle;

    @Test
    void theRightPasswordStillSignsInAfterManyWrongOnes() {
        String name = createUser();
        for (int i = 0; i < 8; i++) {
            loginAttempt(name, "guess-" + i).then().statusCode(401);
        }
        loginAttempt(name, "password-1").then().statusCode(200);
        assertThat(throttle.recentFailures(name)).isZero();
    }

    @Test
    void concurrentWrongAttemptsAreAllCounted() throws Exception {
        String name = createUser();
        int attempts = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String guess = "guess-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return loginAttempt(name, guess).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(401);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(throttle.recentFailures(name)).isEqualTo(attempts);
    }

    @Test
    void aForgedForwardedForFromAnUntrustedPeerDoesNotChangeTheAddressCounted() throws Exception {
        int before = throttle.recentAddressFailures("127.0.0.3");
        assertThat(attemptFrom("127.0.0.3", Map.of("X-Forwarded-For", "203.0.113.7"))).isEqualTo(401);
        assertThat(attemptFrom("127.0.0.3", Map.of("Forwarded", "for=203.0.113.7"))).isEqualTo(401);
        assertThat(throttle.recentAddressFailures("127.0.0.3")).isEqualTo(before + 2);
        assertThat(throttle.recentAddressFailures("203.0.113.7")).isZero();
    }

    @Test
    void aTrustedProxyNamesTheClientAddress() throws Exception {
        // A client may write anything to the left; the address the proxy appended counts.
        assertThat(attemptFrom("127.0.0.2", Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.8"))).isEqualTo(401);
        assertThat(attemptFrom("127.0.0.2", Map.of("Forwarded", "for=198.51.100.1, for=\"203.0.113.9:4711\"")))
                .isEqualTo(401);
        assertThat(throttle.recentAddressFailures("203.0.113.8")).isEqualTo(1);
        assertThat(throttle.recentAddressFailures("203.0.113.9")).isEqualTo(1);
        assertThat(throttle.recentAddressFailures("198.51.100.1")).isZero();
        assertThat(throttle.recentAddressFailures("127.0.0.2")).isZero();
    }

    private static int attemptFrom(String local, Map<String, String> headers) throws Exception {
        byte[] body = ("{\"username\":\"" + unique("nobody") + "\",\"password\":\"wrong-password\"}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", "application/json");
        try (RawHttp http = RawHttp.open(InetAddress.getByName(local), RestAssured.port, "POST", "/api/auth/login",
                "localhost", (long) body.length, all)) {
            http.write(body, 0, body.length);
            return http.readHead();
        }
    }

    private static String createUser() {
        String name = unique("throttled");
        given().contentType("application/json").body("{\"username\":\"" + name
                + "\",\"password\":\"password-1\",\"permissions\":[]}").post("/api/users/").then().statusCode(200);
        return name;
    }

    private static Response loginAttempt(String username, String password) {
        return given().noFiltersOfType(TestAdmin.AuthFilter.class).contentType("application/json")
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}").post("/api/auth/login");
    }
}

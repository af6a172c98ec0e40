package dev.jobber.auth.api;

import static dev.jobber.testing.AdminApi.publish;
import static dev.jobber.testing.AdminApi.unique;
import static dev.jobber.testing.JobArchive.job;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.jobber.auth.AnyCaller;
import dev.jobber.auth.Public;
import dev.jobber.auth.Requires;
import dev.jobber.testing.JobberTestResource;
import dev.jobber.testing.TestAdmin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every admin route, found on the compiled resources (so a new route cannot be forgotten), refuses anonymous callers
 * with 401 and callers without the permission it declares with 403; lists show nothing to callers who may read none
 * of their items.
 */
@QuarkusTest
@QuarkusTestResource(JobberTestResource.class)
class RouteAccessTest {

    private static final Pattern SELECTOR = Pattern.compile("\\{\\w+\\s*:[^}]*}");
    private static final Pattern PARAMETER = Pattern.compile("\\{(\\w+)(\\|upper)?}");
    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(GET.class, "GET", POST.class,
            "POST", PUT.class, "PUT", DELETE.class, "DELETE");

    /** One admin route: its HTTP method, path template and the method that serves it. */
    record Route(String method, String path, Method handler) {

        /** The path with every parameter filled: {@code jobId} with {@code jobId}, others with fixed ids. */
        String concrete(String jobId) {
            return fill(SELECTOR.matcher(path).replaceAll(""), jobId);
        }

        /** {@link #concrete} with every id in upper case, as {@code UUID.fromString} also accepts it. */
        String concreteUpperCase(String jobId) {
            Matcher m = PARAMETER.matcher(SELECTOR.matcher(path).replaceAll(""));
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, m.group(1).equals("name") ? "SAMPLE" : value(m.group(1), jobId)
                        .toUpperCase(Locale.ROOT));
            }
            m.appendTail(out);
            return out.toString();
        }

        /** Whether a path parameter of the route holds an id. */
        boolean hasIdParameter() {
            Matcher m = PARAMETER.matcher(path);
            while (m.find()) {
                if (!m.group(1).equals("name")) {
                    return true;
                }
            }
            return false;
        }

        /** The resource the route declares, with the same values as {@link #concrete}. */
        String resource(String jobId) {
            return fill(handler.getAnnotation(Requires.class).resource(), jobId);
        }

        private static String fill(String template, String jobId) {
            Matcher m = PARAMETER.matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, m.group(1).equals("name") ? "SAMPLE" : value(m.group(1), jobId));
            }
            m.appendTail(out);
            return out.toString();
        }

        private static String value(String parameter, String jobId) {
            return parameter.equals("jobId") ? jobId : UUID.nameUUIDFromBytes(parameter.getBytes()).toString();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jobber")) {
            Class<?> resource = type.reflect();
            Path base = resource.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method handler : resource.getDeclaredMethods()) {
                METHODS.forEach((annotation, verb) -> {
                    if (handler.isAnnotationPresent(annotation)) {
                        Path sub = handler.getAnnotation(Path.class);
                        routes.add(new Route(verb, base.value() + (sub == null ? "" : "/" + sub.value()), handler));
                    }
                });
            }
        }
        return routes;
    }

    @Test
    void findsTheAdminRoutes() {
        assertThat(routes()).extracting(Route::toString).contains("GET /api/job", "POST /api/job/publish",
                "DELETE /api/job/{jobId}", "GET /api/users", "POST /api/api-tokens", "GET /api/auth",
                "POST /api/auth/login");
    }

    @Test
    void everyRouteDeclaresExactlyOneAccessRule() {
        SoftAssertions soft = new SoftAssertions();
        for (Route route : routes()) {
            long rules = Stream.of(Requires.class, AnyCaller.class, Public.class)
                    .filter(route.handler()::isAnnotationPresent).count();
            soft.assertThat(rules).as(route.toString()).isEqualTo(1);
        }
        soft.assertAll();
    }

    @Test
    void everyRouteButThePublicOnesRefusesAnonymousCallers() {
        SoftAssertions soft = new SoftAssertions();
        String jobId = UUID.randomUUID().toString();
        for (Route route : routes()) {
            int status = call(anonymous(), route, route.concrete(jobId)).statusCode();
            if (route.handler().isAnnotationPresent(Public.class)) {
                soft.assertThat(status).as(route.toString()).isNotEqualTo(401);
            } else {
                soft.assertThat(status).as(route.toString()).isEqualTo(401);
            }
        }
        soft.assertAll();
    }

    @Test
    void everyRouteWithAPermissionRefusesCallersWithoutIt() {
        SoftAssertions soft = new SoftAssertions();
        String jobId = UUID.randomUUID().toString();
        String nothing = token("[]");
        for (Route route : routes()) {
            Requires requires = route.handler().getAnnotation(Requires.class);
            if (requires == null) {
                continue;
            }
            String resource = route.resource(jobId);
            String action = requires.action().json();
            String allOther = token("[{\"effect\":\"allow\",\"resource\":\"*\",\"actions\":[\"read\",\"write\","
                    + "\"delete\"]},{\"effect\":\"deny\",\"resource\":\"" + resource + "\",\"actions\":[\"" + action
                    + "\"]}]");
            String exactly = token("[{\"effect\":\"allow\",\"resource\":\"" + resource + "\",\"actions\":[\"" + action
                    + "\"]}]");
            String path = route.concrete(jobId);
            soft.assertThat(call(bearer(nothing), route, path).statusCode()).as(route + " without permissions")
                    .isEqualTo(403);
            soft.assertThat(call(bearer(allOther), route, path).statusCode())
                    .as(route + " with all but " + action + " on " + resource).isEqualTo(403);
            soft.assertThat(call(bearer(exactly), route, path).statusCode())
                    .as(route + " with just " + action + " on " + resource).isNotIn(401, 403);
        }
        soft.assertAll();
    }

    @Test
    void aDenyHoldsForIdsWrittenInUpperCase() {
        SoftAssertions soft = new SoftAssertions();
        String jobId = UUID.randomUUID().toString();
        int checked = 0;
        for (Route route : routes()) {
            Requires requires = route.handler().getAnnotation(Requires.class);
            if (requires == null || !route.hasIdParameter()) {
                continue;
            }
            checked++;
            String resource = route.resource(jobId);
            String action = requires.action().json();
            String allOther = token("[{\"effect\":\"allow\",\"resource\":\"*\",\"actions\":[\"read\",\"write\","
                    + "\"delete\"]},{\"effect\":\"deny\",\"resource\":\"" + resource + "\",\"actions\":[\"" + action
                    + "\"]}]");
            String path = route.concreteUpperCase(jobId);
            soft.assertThat(call(bearer(allOther), route, path).statusCode())
                    .as(route + " as " + path + " with all but " + action + " on " + resource).isEqualTo(403);
        }
        soft.assertAll();
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void listsShowNothingToACallerWhoMayReadNoneOfTheirItems() {
        String jobId = publish(job(unique("route-access"), "1.0.0").manifest(m ->
                m.withArray("triggers").addObject().put("type", "schedule").put("cron", "@daily")).zip())
                .statusCode(200).extract().path("data.job.id");
        given().contentType("application/x-www-form-urlencoded").formParam("type", "text").formParam("value", "v")
                .post("/api/job/" + jobId + "/environment/VISIBLE").then().statusCode(200);
        String unrelated = token("[{\"effect\":\"allow\",\"resource\":\"job/" + UUID.randomUUID()
                + "\",\"actions\":[\"read\"]}]");
        SoftAssertions soft = new SoftAssertions();
        for (Route route : routes()) {
            if (!route.handler().isAnnotationPresent(AnyCaller.class) || route.path().equals("/api/auth")) {
                continue;
            }
            Response admin = call(given(), route, route.concrete(jobId));
            Response limited = call(bearer(unrelated), route, route.concrete(jobId));
            soft.assertThat(admin.statusCode()).as(route + " as admin").isEqualTo(200);
            soft.assertThat(limited.statusCode()).as(route.toString()).isEqualTo(200);
            soft.assertThat(limited.jsonPath().getMap("$").get("data").toString()).as(route.toString())
                    .isIn("[]", "{}");
        }
        soft.assertAll();
    }

    /** Calls a route with an empty (or unrelated) body of the first type it consumes. */
    private static Response call(RequestSpecification request, Route route, String path) {
        Consumes consumes = route.handler().getAnnotation(Consumes.class);
        if (consumes != null) {
            String type = consumes.value()[0];
            if (type.equals(MediaType.APPLICATION_JSON)) {
                request.contentType(type).body("{}");
            } else if (type.equals(MediaType.MULTIPART_FORM_DATA)) {
                request.multiPart("unrelated", "x");
            } else {
                request.contentType(MediaType.TEXT_PLAIN).body("x");
            }
        }
        return request.redirects().follow(false).request(route.method(), path);
    }

    private static RequestSpecification anonymous() {
        return given().noFiltersOfType(TestAdmin.AuthFilter.class);
    }

    private static RequestSpecification bearer(String token) {
        return given().noFiltersOfType(TestAdmin.AuthFilter.class).header("Authorization", "Bearer " + token);
    }

    private static String token(String permissions) {
        return given().contentType("application/json")
                .body("{\"description\":\"route access\",\"ttl\":600,\"permissions\":" + permissions + "}")
                .post("/api/api-tokens/").then().statusCode(200).extract().path("data.token");
    }
}

package dev.jobber.auth;

import static dev.jobber.auth.PermissionAction.DELETE;
import static dev.jobber.auth.PermissionAction.READ;
import static dev.jobber.auth.PermissionAction.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobber.common.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionsTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            // exact and prefix: a shorter pattern covers everything below it
            "job/a, job/a, true",
            "job/a, job/a/logs, true",
            "job/a, job/a/environment/KEY, true",
            "job/a, job/b, false",
            "job/a, job, false",
            "job/a/logs, job/a, false",
            // * matches any one segment, or a missing one
            "*, job/a, true",
            "*, users, true",
            "job/*, job/a, true",
            "job/*, job, true",
            "job/*/logs, job/a/logs, true",
            "job/*/logs, job/a/runners, false",
            "job/*/logs, job/a, false",
            "job/*/store/*, job/a/store/s1, true",
            "users/*/password, users/u1/password, true",
            "users/*/password, users/u1/username, false",
            "api-tokens, api-tokens/t1, true",
            "system/metrics/prometheus, system/metrics/overview, false",
            "job/-/publish, job/-/publish, true",
            "job/-/publish, job/a, false",
    })
    void resourcePatternsMatchAsInTheOriginal(String pattern, String resource, boolean matches) {
        assertThat(ResourcePattern.matches(pattern, resource)).isEqualTo(matches);
    }

    @Test
    void denyWinsOverAllow() {
        Permissions permissions = Permissions.of(Permission.allow("*", READ, WRITE, DELETE),
                Permission.deny("job/secret", WRITE));
        assertThat(permissions.allows("job/secret", READ)).isTrue();
        assertThat(permissions.allows("job/secret", WRITE)).isFalse();
        assertThat(permissions.allows("job/secret/environment/KEY", WRITE)).isFalse();
        assertThat(permissions.allows("job/other", WRITE)).isTrue();
    }

    @Test
    void somePublishResourceIsAllowedToAnyCallerWhoMayPublishSomething() {
        String any = "job/*/publish";
        assertThat(Permissions.of(Permission.allow("job/-/publish", WRITE)).allowsSome(any, WRITE)).isTrue();
        assertThat(Permissions.of(Permission.allow("job/a/publish", WRITE)).allowsSome(any, WRITE)).isTrue();
        assertThat(Permissions.of(Permission.allow("job/a", WRITE)).allowsSome(any, WRITE)).isTrue();
        assertThat(Permissions.of(Permission.allow("job/a/logs", WRITE)).allowsSome(any, WRITE)).isFalse();
        assertThat(Permissions.of(Permission.allow("job/a", READ)).allowsSome(any, WRITE)).isFalse();
        assertThat(Permissions.of(Permission.allow("*", WRITE), Permission.deny("job", WRITE)).allowsSome(any, WRITE))
                .isFalse();
        assertThat(Permissions.of(Permission.allow("*", WRITE), Permission.deny("job/a", WRITE)).allowsSome(any,
                WRITE)).isTrue();
    }

    @Test
    void nothingIsAllowedWithoutAnAllowStatement() {
        assertThat(Permissions.NONE.allows("job/a", READ)).isFalse();
        assertThat(Permissions.of(Permission.allow("job/a", READ)).allows("job/a", WRITE)).isFalse();
    }

    @ParameterizedTest(name = "author {0} may grant {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "allow * rwd | allow job/a r | true",
            "allow * rwd | allow * rwd | true",
            "allow job/a r | allow job/a r | true",
            "allow job/a r | allow job/a/logs r | true",
            "allow job/a r | allow job/a w | false",
            "allow job/a r | allow job/* r | false",
            "allow job/a r | allow * r | false",
            "allow job/*/logs r | allow job/a/logs r | true",
            "allow job/*/logs r | allow job/a r | false",
            "allow job/a/logs r | allow job/a/* r | false",
            "allow job/* r | allow job r | true",
            "allow * rwd, deny job/a w | allow job/b w | true",
            "allow * rwd, deny job/a w | allow job/* w | false",
            "allow * rwd, deny job/a w | allow job/* w, deny job/a w | true",
            "allow * rwd, deny job/a w | allow job/* w, deny job/* w | true",
            "allow * rwd, deny job/a w | allow job/* r | true",
            "allow job/a r | deny * rwd | true",
            "allow job/a r | | true",
    })
    void grantingNeverGivesMoreThanTheAuthorHolds(String author, String requested, boolean grants) {
        assertThat(document(author).grants(document(requested))).isEqualTo(grants);
    }

    @Test
    void parsesTheOriginalsDocumentsAndIgnoresUnknownFields() throws Exception {
        Permissions parsed = Permissions.parse(new ObjectMapper().readTree("""
                [{"effect": "allow", "resource": "job/-/publish", "actions": ["write"], "note": "CI"},
                 {"effect": "deny", "resource": "*", "actions": []}]"""), "permissions");
        assertThat(parsed.statements()).containsExactly(Permission.allow("job/-/publish", WRITE),
                Permission.deny("*"));
        assertThat(parsed.toJson().toString()).isEqualTo("[{\"effect\":\"allow\",\"resource\":\"job/-/publish\","
                + "\"actions\":[\"write\"]},{\"effect\":\"deny\",\"resource\":\"*\",\"actions\":[]}]");
    }

    @Test
    void namesEveryProblemOfAnInvalidDocument() {
        assertThatThrownBy(() -> Permissions.parse(new ObjectMapper().readTree("""
                [{"effect": "maybe", "resource": "", "actions": ["execute"]}, 7]"""), "permissions"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("permissions[0].effect")
                .hasMessageContaining("permissions[0].resource")
                .hasMessageContaining("permissions[0].actions[0]")
                .hasMessageContaining("permissions[1]");
        assertThatThrownBy(() -> Permissions.parse(new ObjectMapper().readTree("{}"), "permissions"))
                .hasMessageContaining("must be an array");
    }

    /** "allow * rwd, deny job/a w" → a document. */
    private static Permissions document(String text) {
        if (text == null || text.isBlank()) {
            return Permissions.NONE;
        }
        java.util.List<Permission> statements = new java.util.ArrayList<>();
        for (String statement : text.split(",")) {
            String[] parts = statement.trim().split(" ");
            java.util.List<PermissionAction> actions = new java.util.ArrayList<>();
            for (char c : parts[2].toCharArray()) {
                actions.add(switch (c) {
                    case 'r' -> READ;
                    case 'w' -> WRITE;
                    default -> DELETE;
                });
            }
            statements.add(new Permission(parts[0].equals("allow") ? Permission.Effect.ALLOW : Permission.Effect.DENY,
                    parts[1], actions));
        }
        return new Permissions(statements);
    }
}

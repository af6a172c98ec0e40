package dev.jobber.common.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected results are what {@code new RegExp(source).test(input)} answers in Node. */
class JsRegexTest {

    @ParameterizedTest(name = "/{0}/ finds \"{1}\"")
    @MethodSource
    void findsWhatJavaScriptFinds(String source, String input) {
        assertThat(JsRegex.compile(source).matcher(input).find()).isTrue();
    }

    static Stream<Arguments> findsWhatJavaScriptFinds() {
        return Stream.of(
                // the shared syntax, unchanged in meaning
                regex("^/api/(v1|v2)/users/\\d+$", "/api/v2/users/42"),
                regex("^/files/.*\\.png$", "/files/a/b.png"),
                regex("^/api", "/api/anything/after"),
                regex("/users/", "/app/users/1"),
                regex("^/a+?b", "/aab"),
                regex("^/a??b", "/ab"),
                regex("^/a{2}?$", "/aa"),
                regex("^/(?:x|y){2,}$", "/xyx"),
                regex("^/(?=v)v1", "/v1"),
                regex("^/(?!admin)\\w+", "/user"),
                regex("(?<=/)id$", "/id"),
                regex("(?<!x)id$", "/id"),
                regex("^/(?<id>\\d+)/\\k<id>$", "/7/7"),
                regex("^/(a)(b)\\2\\1$", "/abba"),
                regex("^/\\w+-\\W", "/a_1-%"),
                regex("\\bword\\b", "a word here"),
                regex("^/w\\Bor", "/word"),
                regex("^/[a-z0-9_-]+$", "/my-job_1"),
                regex("^/[^/]+$", "/single"),
                regex("^/\\x41\\u0042", "/AB"),
                regex("^/\\t\\n\\r\\f$", "/\t\n\r\f"),
                regex("^/\\/\\.\\*\\$\\^\\(\\)\\[\\]\\{\\}\\|\\?\\+\\\\$", "//.*$^()[]{}|?+\\"),
                regex("^/\\1?(a)", "/a"),
                regex("^/.$", "/\u0085"),
                regex("^/.$", "/é"),
                // [^] is any character, [] none
                regex("^/[^]$", "/\n"),
                regex("^/a[^]*b$", "/a\r\n\u2028b"),
                regex("^/x[]*$", "/x"),
                // braces that are not a quantifier are literal
                regex("^/{id}$", "/{id}"),
                regex("^/a{,2}$", "/a{,2}"),
                regex("^/a{1,2$", "/a{1,2"),
                regex("^/a{x}$", "/a{x}"),
                regex("^/}$", "/}"),
                regex("^/{$", "/{"),
                regex("^{", "{"),
                // [ and && inside a class are literal
                regex("^/[[]$", "/["),
                regex("^/[a&&b]$", "/&"),
                regex("^/[a&&b]$", "/b"),
                regex("^/[^&&]$", "/x"),
                regex("^/[\\]]$", "/]"),
                regex("^/[a-c-]+$", "/b-"),
                // escapes JavaScript reads differently from Java
                regex("^/[\\b]$", "/\b"),
                regex("^/\\v$", "/\u000B"),
                regex("^/[\\v]$", "/\u000B"),
                regex("^/\\0$", "/\u0000"),
                regex("^/[\\0]$", "/\u0000"),
                regex("^/\\012$", "/\n"),
                regex("^/[\\1]$", "/\u0001"),
                regex("^/\\1$", "/\u0001"),
                regex("^/(a)\\18$", "/a\u00018"),
                regex("^/\\8$", "/8"),
                regex("^/\\cJ$", "/\n"),
                regex("^/[\\cJ]$", "/\n"),
                regex("^/[\\c1]$", "/\u0011"),
                regex("^/\\c$", "/\\c"),
                regex("^/\\a\\e\\g\\h\\z\\A\\Q\\E\\R\\X\\N\\G\\Z$", "/aeghzAQERXNGZ"),
                regex("^/\\p{L}$", "/p{L}"),
                regex("^/[\\p\\B]+$", "/pB"),
                regex("^/\\k$", "/k"),
                regex("^/\\xZ1$", "/xZ1"),
                regex("^/\\u12$", "/u12"),
                regex("^/\\u{3}$", "/uuu"),
                regex("^/\\é$", "/é"),
                // JavaScript's white space and line terminators
                regex("^/\\s$", "/\u00A0"),
                regex("^/\\s$", "/\uFEFF"),
                regex("^/\\s$", "/\u3000"),
                regex("^/\\s$", "/\u2029"),
                regex("^/\\s$", "/\u000B"),
                regex("^/[\\s]$", "/\u2007"),
                regex("^/[\\S]$", "/x"),
                regex("^/[^\\S]$", "/\u00A0"),
                regex("^/\\S$", "/x"));
    }

    @ParameterizedTest(name = "/{0}/ does not find \"{1}\"")
    @MethodSource
    void missesWhatJavaScriptMisses(String source, String input) {
        assertThat(JsRegex.compile(source).matcher(input).find()).isFalse();
    }

    static Stream<Arguments> missesWhatJavaScriptMisses() {
        return Stream.of(
                // $ is the end of the input only, never before a final line terminator
                regex("^/admin$", "/admin\n"),
                regex("^/admin$", "/admin\r\n"),
                regex("^/admin$", "/admin\u2028"),
                // ^ is the start of the input only
                regex("^/admin", "x\n/admin"),
                // . stops at JavaScript's line terminators
                regex("^/.$", "/\n"),
                regex("^/.$", "/\r"),
                regex("^/.$", "/\u2028"),
                regex("^/.$", "/\u2029"),
                // [] matches nothing
                regex("^/a[]", "/a"),
                regex("[]]", "]"),
                regex("[]]", "[]]"),
                // braces quantify where they can
                regex("^/a{2}$", "/a{2}"),
                regex("^/a{2}$", "/a"),
                // inside a class, [ and && are not Java's union and intersection
                regex("^/[a&&b]$", "/c"),
                regex("^/[^&&]$", "/&"),
                regex("^/[[a]]$", "/a"),
                // \v is the vertical tab, \s and \S are JavaScript's
                regex("^/\\v$", "/\n"),
                regex("^/\\s$", "/x"),
                regex("^/\\s$", "/\u0085"),
                regex("^/\\S$", "/\u00A0"),
                regex("^/[^\\s]$", "/\u3000"),
                regex("^/[\\S]$", "/\u00A0"),
                // \b is a word boundary outside a class, and \w, \d are ASCII only
                regex("^/a\\bb", "/ab"),
                regex("^/\\w$", "/é"),
                regex("^/\\d$", "/٣"),
                // a regex is found anywhere, but ^ still anchors it
                regex("^/api", "/v1/api"));
    }

    @Test
    void keepsGroupsForTheCaller() {
        Matcher matcher = JsRegex.compile("^/users/(?<id>\\d+)/(posts|comments)$").matcher("/users/42/posts");

        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group("id")).isEqualTo("42");
        assertThat(matcher.group(2)).isEqualTo("posts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"^/api/(", "^/api/)", "^/[a-", "[", "[^", "^/[z-a]", "\\", "^/x\\", "[\\",
            "a**", "a+*", "a???", "*a", "+", "?", "^*", "^/$+", "a|*", "(*)", "(?:+)", "{2}", "^{2}", "a{2}{3}",
            "a{3,2}", "a{99999999999999999999,1}", "\\b+", "(?<=a)*", "(?i)admin", "(?>a)", "(?#comment)", "(?<1>a)"})
    void rejectsWhatJavaScriptRejectsNamingTheSource(String source) {
        assertThatThrownBy(() -> JsRegex.compile(source))
                .isInstanceOf(PatternSyntaxException.class)
                .satisfies(e -> assertThat(((PatternSyntaxException) e).getPattern()).isEqualTo(source));
    }

    @Test
    void rejectsModifierGroupsOnlyNewerNodeVersionsKnow() {
        assertThatThrownBy(() -> JsRegex.compile("^/(?i:admin)")).isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining("Invalid group");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a*", "a+?", "a{2,}?", "(a)*", "(?:a)+", "(?=a)*", "(?!a){2}", "[a]?", "[^]+", "\\d*",
            ".{0,3}", "a|b*", "x{,}", "\\u{2}?", "\\1*(a)", "\\0+", "\\c?"})
    void acceptsQuantifierAfterAnythingRepeatable(String source) {
        assertThat(JsRegex.compile(source)).isNotNull();
    }

    private static Arguments regex(String source, String input) {
        return Arguments.of(source, input);
    }
}

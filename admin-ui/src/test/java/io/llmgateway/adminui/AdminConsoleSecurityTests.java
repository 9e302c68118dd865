package io.llmgateway.adminui;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.llmgateway.adminui.ConsoleHttp.session;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's pages and data endpoints refuse callers without an admin console session (redirect to sign-in, or
 * 401), refuse non-admin keys, and every state-changing request needs its CSRF token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ConsoleTestApp.class,
		properties = ConsoleTestApp.NO_DEFAULT_SECURITY)
class AdminConsoleSecurityTests {

	static final MockOpenAi provider = new MockOpenAi();

	static final List<String> PAGES = List.of("/ui/overview", "/ui/keys", "/ui/teams", "/ui/models", "/ui/spend");

	static final List<String> DATA = List.of("/llm/key/list", "/llm/team/list", "/llm/spend/report", "/llm/spend/logs", "/llm/spend/daily",
			"/llm/spend/requests", "/llm/user/list", "/llm/model/deployments");

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ConsoleTestApp.register(registry, provider);
	}

	@AfterAll
	static void stop() throws Exception {
		provider.close();
	}

	ConsoleHttp http() {
		return new ConsoleHttp(port);
	}

	@Test
	void pagesRedirectToTheSignInPageWithoutASession() throws Exception {
		for (String page : PAGES) {
			HttpResponse<String> r = http().get(page);
			assertThat(r.statusCode()).as(page).isEqualTo(303);
			assertThat(r.headers().firstValue("location")).as(page).hasValue("/ui/login");
		}
		HttpResponse<String> forged = http().get("/ui/keys", "Cookie", session("not-a-session"));
		assertThat(forged.statusCode()).isEqualTo(303);
	}

	@Test
	void dataEndpointsRefuseCallersWithoutAdminRights() throws Exception {
		String virtualKey = ConsoleHttp.JSON.readTree(http().postJson("/llm/key/generate", "{\"key_alias\":\"not-admin\"}",
				"Authorization", "Bearer " + ConsoleTestApp.MASTER).body()).get("key").asString();
		for (String path : DATA) {
			assertThat(http().get(path).statusCode()).as("anonymous " + path).isEqualTo(401);
			assertThat(http().get(path, "Authorization", "Bearer " + virtualKey).statusCode()).as("virtual key " + path)
				.isEqualTo(401);
			assertThat(http().get(path, "Cookie", session("forged")).statusCode()).as("forged session " + path)
				.isEqualTo(401);
			assertThat(http().get(path, "Authorization", "Bearer " + ConsoleTestApp.MASTER).statusCode())
				.as("master key " + path)
				.isEqualTo(200);
		}
	}

	@Test
	void aKeyWithoutAdminRightsCannotSignIn() throws Exception {
		String virtualKey = http().adminPost("/llm/key/generate", "{}").get("key").asString();
		ConsoleHttp http = http();
		HttpResponse<String> form = http.get("/ui/login");
		HttpResponse<String> r = http.postForm("/ui/login",
				Map.of("key", virtualKey, "_csrf", ConsoleHttp.attribute(form.body(), "_csrf")), "Cookie",
				ConsoleSessions.LOGIN_COOKIE + "=" + ConsoleHttp.setCookies(form).get(ConsoleSessions.LOGIN_COOKIE));
		assertThat(r.statusCode()).isEqualTo(401);
		assertThat(r.body()).contains("This key may not use the admin console.");
		assertThat(ConsoleHttp.setCookies(r)).doesNotContainKey(ConsoleSessions.COOKIE);

		HttpResponse<String> wrong = http.postForm("/ui/login",
				Map.of("key", "sk-wrong", "_csrf", ConsoleHttp.attribute(form.body(), "_csrf")), "Cookie",
				ConsoleSessions.LOGIN_COOKIE + "=" + ConsoleHttp.setCookies(form).get(ConsoleSessions.LOGIN_COOKIE));
		assertThat(wrong.statusCode()).isEqualTo(401);
	}

	@Test
	void theMasterKeySignsInToAnHttpOnlySessionThatNeverHoldsTheKey() throws Exception {
		ConsoleHttp http = http();
		HttpResponse<String> form = http.get("/ui/login");
		assertThat(form.body()).contains("name=\"key\"", "type=\"password\"", "<label for=\"key\">");
		String loginCookie = ConsoleHttp.setCookies(form).get(ConsoleSessions.LOGIN_COOKIE);
		HttpResponse<String> r = http.postForm("/ui/login",
				Map.of("key", ConsoleTestApp.MASTER, "_csrf", ConsoleHttp.attribute(form.body(), "_csrf")), "Cookie",
				ConsoleSessions.LOGIN_COOKIE + "=" + loginCookie);
		assertThat(r.statusCode()).isEqualTo(303);
		assertThat(r.headers().firstValue("location")).hasValue("/ui/overview");
		String cookie = ConsoleHttp.setCookieHeader(r, ConsoleSessions.COOKIE);
		assertThat(cookie.toLowerCase()).contains("httponly", "samesite=strict", "path=/");
		String id = ConsoleHttp.setCookies(r).get(ConsoleSessions.COOKIE);
		assertThat(id).hasSizeGreaterThanOrEqualTo(40).doesNotContain(ConsoleTestApp.MASTER);

		HttpResponse<String> page = http.get("/ui/keys", "Cookie", session(id));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).doesNotContain(ConsoleTestApp.MASTER).contains(">Keys</a>");
		assertThat(ConsoleHttp.attribute(page.body(), "llm-api")).as("the admin API prefix, read by the scripts")
			.isEqualTo("/llm");
		assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(
				csp -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
		assertThat(http.get("/llm/key/list", "Cookie", session(id)).statusCode()).isEqualTo(200);
	}

	@Test
	void stateChangingApiCallsNeedTheSessionsCsrfToken() throws Exception {
		ConsoleHttp http = http();
		String id = http.signIn(Map.of("key", ConsoleTestApp.MASTER));
		String csrf = ConsoleHttp.attribute(http.get("/ui/keys", "Cookie", session(id)).body(), "csrf-token");
		String body = "{\"key_alias\":\"csrf-probe\"}";

		assertThat(http.postJson("/llm/key/generate", body, "Cookie", session(id)).statusCode()).isEqualTo(401);
		assertThat(http.postJson("/llm/key/generate", body, "Cookie", session(id), "x-csrf-token", "wrong").statusCode())
			.isEqualTo(401);
		assertThat(http.postJson("/llm/team/new", "{\"team_id\":\"csrf-team\"}", "Cookie", session(id)).statusCode())
			.isEqualTo(401);
		assertThat(http.adminGet("/llm/key/list?key_alias=csrf-probe").get("total_count").asLong()).isZero();

		HttpResponse<String> ok = http.postJson("/llm/key/generate", body, "Cookie", session(id), "x-csrf-token", csrf);
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(http.adminGet("/llm/key/list?key_alias=csrf-probe").get("total_count").asLong()).isEqualTo(1);
	}

	@Test
	void theSignInFormNeedsItsCsrfToken() throws Exception {
		ConsoleHttp http = http();
		HttpResponse<String> form = http.get("/ui/login");
		String loginCookie = ConsoleSessions.LOGIN_COOKIE + "=" + ConsoleHttp.setCookies(form).get(ConsoleSessions.LOGIN_COOKIE);
		HttpResponse<String> noToken = http.postForm("/ui/login", Map.of("key", ConsoleTestApp.MASTER), "Cookie",
				loginCookie);
		assertThat(noToken.statusCode()).isEqualTo(403);
		HttpResponse<String> noCookie = http.postForm("/ui/login",
				Map.of("key", ConsoleTestApp.MASTER, "_csrf", ConsoleHttp.attribute(form.body(), "_csrf")));
		assertThat(noCookie.statusCode()).isEqualTo(403);
		assertThat(ConsoleHttp.setCookies(noToken)).doesNotContainKey(ConsoleSessions.COOKIE);
		assertThat(ConsoleHttp.setCookies(noCookie)).doesNotContainKey(ConsoleSessions.COOKIE);
	}

	@Test
	void signOutNeedsItsCsrfTokenAndEndsTheSession() throws Exception {
		ConsoleHttp http = http();
		String id = http.signIn(Map.of("key", ConsoleTestApp.MASTER));
		String csrf = ConsoleHttp.attribute(http.get("/ui/keys", "Cookie", session(id)).body(), "_csrf");

		assertThat(http.postForm("/ui/logout", Map.of(), "Cookie", session(id)).statusCode()).isEqualTo(403);
		assertThat(http.postForm("/ui/logout", Map.of("_csrf", "wrong"), "Cookie", session(id)).statusCode())
			.isEqualTo(403);
		assertThat(http.get("/llm/key/list", "Cookie", session(id)).statusCode()).isEqualTo(200);

		HttpResponse<String> out = http.postForm("/ui/logout", Map.of("_csrf", csrf), "Cookie", session(id));
		assertThat(out.statusCode()).isEqualTo(303);
		assertThat(out.headers().firstValue("location")).hasValue("/ui/login?signed-out");
		assertThat(http.get("/llm/key/list", "Cookie", session(id)).statusCode()).isEqualTo(401);
		assertThat(http.get("/ui/keys", "Cookie", session(id)).statusCode()).isEqualTo(303);
	}
}

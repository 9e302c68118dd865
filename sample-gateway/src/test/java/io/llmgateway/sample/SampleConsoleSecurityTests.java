package io.llmgateway.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console on the sample's "security" profile: the sign-in page asks for a user name and password, which
 * Spring Security checks (the master key form is not offered and the master key is not accepted there); only a user
 * with the admin authority gets a session, and that session works the admin API with its CSRF token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.database.path=./target/test-db/llm-${random.uuid}", "llm.demo.chunk-delay=0s",
				"llm.keys.master-key=" + SampleConsoleSecurityTests.MASTER })
@ActiveProfiles({ "demo", "security" })
class SampleConsoleSecurityTests {

	static final String MASTER = "sk-sample-console-master";

	@LocalServerPort
	int port;

	final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
		return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpRequest.Builder at(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
	}

	HttpResponse<String> signIn(Map<String, String> fields) throws Exception {
		HttpResponse<String> form = send(at("/ui/login"));
		Map<String, String> all = new LinkedHashMap<>(fields);
		all.put("_csrf", value(form.body(), "_csrf"));
		String body = all.entrySet().stream()
			.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(at("/ui/login").header("content-type", "application/x-www-form-urlencoded")
			.header("cookie", cookie(form, "llm_console_login"))
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	static String cookie(HttpResponse<?> r, String name) {
		return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "="))
			.map(c -> c.split(";", 2)[0]).findFirst().orElse(null);
	}

	static String value(String html, String name) {
		Matcher m = Pattern.compile("name=\"" + name + "\"\\s+(?:value|content)=\"([^\"]*)\"").matcher(html);
		assertThat(m.find()).as(name + " in page").isTrue();
		return m.group(1);
	}

	@Test
	void theSignInPageIsSpringSecuritysUserNameAndPasswordNotTheKeyForm() throws Exception {
		HttpResponse<String> form = send(at("/ui/login"));
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("name=\"username\"", "name=\"password\"", "<label for=\"username\">",
				"<label for=\"password\">").doesNotContain("name=\"key\"");
		HttpResponse<String> masterKey = signIn(Map.of("key", MASTER));
		assertThat(masterKey.statusCode()).isEqualTo(401);
		assertThat(cookie(masterKey, "llm_console")).isNull();
	}

	@Test
	void onlyAnAdminUserGetsASessionAndItWorksTheAdminApiWithItsCsrfToken() throws Exception {
		HttpResponse<String> alice = signIn(Map.of("username", "alice", "password", "alice-pw"));
		assertThat(alice.statusCode()).isEqualTo(401);
		assertThat(alice.body()).contains("This user may not use the admin console.");
		assertThat(cookie(alice, "llm_console")).isNull();
		assertThat(signIn(Map.of("username", "admin", "password", "wrong")).statusCode()).isEqualTo(401);

		HttpResponse<String> admin = signIn(Map.of("username", "admin", "password", "admin-pw"));
		assertThat(admin.statusCode()).isEqualTo(303);
		String session = cookie(admin, "llm_console");
		assertThat(session).isNotNull();
		HttpResponse<String> page = send(at("/ui/keys").header("cookie", session));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains(">admin<");
		String csrf = value(page.body(), "csrf-token");

		assertThat(send(at("/llm/key/list").header("cookie", session)).statusCode()).isEqualTo(200);
		HttpRequest.Builder generate = at("/llm/key/generate").header("cookie", session)
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"key_alias\":\"from-console\"}"));
		assertThat(send(generate).statusCode()).as("no CSRF token").isEqualTo(401);
		HttpResponse<String> created = send(at("/llm/key/generate").header("cookie", session)
			.header("x-csrf-token", csrf)
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"key_alias\":\"from-console\"}")));
		assertThat(created.statusCode()).isEqualTo(200);
		assertThat(created.body()).contains("\"key_alias\":\"from-console\"");
	}

	@Test
	void pagesAndDataNeedASession() throws Exception {
		assertThat(send(at("/ui/overview")).statusCode()).isEqualTo(303);
		assertThat(send(at("/llm/spend/daily")).statusCode()).isEqualTo(401);
		String alice = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8));
		assertThat(send(at("/llm/spend/daily").header("authorization", alice)).statusCode()).isEqualTo(401);
		assertThat(send(at("/ui/overview").header("authorization", alice)).statusCode()).isEqualTo(303);
	}
}

package io.llmgateway.adminui;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the tests: no redirects followed, cookies handled by hand so tests can see them. */
final class ConsoleHttp {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String CHAT = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	ConsoleHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	HttpResponse<String> get(String path, String... headers) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
	}

	HttpResponse<String> postJson(String path, String body, String... headers) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) throws Exception {
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(URI.create(base + path))
			.header("content-type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	/** A chat completion with {@code Authorization: Bearer key}. */
	HttpResponse<String> chat(String key, String prompt) throws Exception {
		return postJson("/v1/chat/completions", CHAT.formatted(prompt), "Authorization", "Bearer " + key);
	}

	JsonNode adminGet(String path) throws Exception {
		HttpResponse<String> r = get(path, "Authorization", "Bearer " + ConsoleTestApp.MASTER);
		if (r.statusCode() != 200) {
			throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
		}
		return JSON.readTree(r.body());
	}

	JsonNode adminPost(String path, String body) throws Exception {
		HttpResponse<String> r = postJson(path, body, "Authorization", "Bearer " + ConsoleTestApp.MASTER);
		if (r.statusCode() != 200) {
			throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
		}
		return JSON.readTree(r.body());
	}

	private HttpResponse<String> send(HttpRequest.Builder b, String... headers) throws Exception {
		for (int i = 0; i < headers.length; i += 2) {
			b.header(headers[i], headers[i + 1]);
		}
		return client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** name → value of every Set-Cookie of a response. */
	static Map<String, String> setCookies(HttpResponse<?> r) {
		Map<String, String> out = new LinkedHashMap<>();
		for (String c : r.headers().allValues("set-cookie")) {
			String pair = c.split(";", 2)[0];
			int eq = pair.indexOf('=');
			out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
		}
		return out;
	}

	static String setCookieHeader(HttpResponse<?> r, String name) {
		return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
	}

	/** The value of the first {@code name="..." value="..."} hidden field or meta tag. */
	static String attribute(String html, String name) {
		Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"\\s+(?:value|content)=\"([^\"]*)\"").matcher(html);
		if (!m.find()) {
			throw new AssertionError("no " + name + " in page");
		}
		return m.group(1);
	}

	/** Signs in with the sign-in form as a browser would; returns the session cookie value. */
	String signIn(Map<String, String> credentials) throws Exception {
		HttpResponse<String> form = get("/ui/login");
		String loginCookie = setCookies(form).get(ConsoleSessions.LOGIN_COOKIE);
		Map<String, String> fields = new LinkedHashMap<>(credentials);
		fields.put("_csrf", attribute(form.body(), "_csrf"));
		HttpResponse<String> r = postForm("/ui/login", fields, "Cookie", ConsoleSessions.LOGIN_COOKIE + "=" + loginCookie);
		if (r.statusCode() != 303) {
			throw new AssertionError("sign-in answered " + r.statusCode() + ": " + r.body());
		}
		return setCookies(r).get(ConsoleSessions.COOKIE);
	}

	static String session(String id) {
		return ConsoleSessions.COOKIE + "=" + id;
	}
}

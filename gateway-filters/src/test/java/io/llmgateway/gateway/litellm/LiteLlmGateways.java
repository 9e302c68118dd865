package io.llmgateway.gateway.litellm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.support.TestProperties;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts real gateways (random port) from a LiteLLM config, with the sample's chat, messages and models routes. */
final class LiteLlmGateways {

	static final HttpClient HTTP = HttpClient.newHttpClient();

	/** A request the gateway never answers fails the test instead of hanging the build. */
	static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(60);

	private LiteLlmGateways() {
	}

	/** A started gateway. */
	record Gateway(ConfigurableApplicationContext context, int port) implements AutoCloseable {

		String url(String path) {
			return "http://127.0.0.1:" + port + path;
		}

		HttpResponse<String> chat(String model, String bearer) throws IOException, InterruptedException {
			return post("/v1/chat/completions", "{\"model\":\"" + model
					+ "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", bearer);
		}

		HttpResponse<String> post(String path, String body, String bearer) throws IOException, InterruptedException {
			HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(REQUEST_TIMEOUT)
				.header("content-type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body));
			if (bearer != null) {
				b.header("authorization", "Bearer " + bearer);
			}
			return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> get(String path, String bearer) throws IOException, InterruptedException {
			HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(REQUEST_TIMEOUT).GET();
			if (bearer != null) {
				b.header("authorization", "Bearer " + bearer);
			}
			return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
		}

		@Override
		public void close() {
			context.close();
		}
	}

	static Gateway start(Path config, Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>();
		String routes = "spring.cloud.gateway.server.webflux.routes";
		all.put("server.port", "0");
		all.put("spring.main.banner-mode", "off");
		all.put(TestProperties.AUTOCONFIGURE_EXCLUDE, TestProperties.SECURITY_AUTOCONFIGURATIONS);
		all.put("llm.database.enabled", "false");
		all.put(routes + "[0].id", "chat");
		all.put(routes + "[0].uri", "http://unused.invalid");
		all.put(routes + "[0].predicates[0]", "Path=/v1/chat/completions");
		all.put(routes + "[0].filters[0]", "LlmModel");
		all.put(routes + "[0].filters[1]", "LlmCache");
		all.put(routes + "[0].filters[2]", "LlmTranslate");
		all.put(routes + "[1].id", "messages");
		all.put(routes + "[1].uri", "http://unused.invalid");
		all.put(routes + "[1].predicates[0]", "Path=/v1/messages");
		all.put(routes + "[1].filters[0]", "LlmModel");
		all.put(routes + "[1].filters[1]", "LlmTranslate");
		all.put(routes + "[2].id", "models");
		all.put(routes + "[2].uri", "http://unused.invalid");
		all.put(routes + "[2].predicates[0]", "Path=/v1/models,/v1/models/**");
		all.put(routes + "[2].filters[0]", "LlmModels");
		all.put("llm.litellm.config", config.toString());
		all.putAll(properties);
		List<String> args = new ArrayList<>();
		all.forEach((k, v) -> args.add("--" + k + "=" + v));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.run(args.toArray(String[]::new));
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return new Gateway(context, port);
	}

	/** A corpus config copied to a temporary file (tests rewrite copies, never the corpus). */
	static Path corpus(String name) throws IOException {
		Path file = Files.createTempFile("litellm-", "-" + name);
		try (InputStream in = LiteLlmGateways.class.getResourceAsStream("/litellm/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no corpus config " + name);
			}
			Files.write(file, in.readAllBytes());
		}
		file.toFile().deleteOnExit();
		return file;
	}

	/** A Google service-account JSON whose token endpoint is the recording provider's {@code /token}. */
	static String serviceAccountJson(String tokenUri) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
			.encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
		return "{\"type\":\"service_account\",\"project_id\":\"test-project\",\"private_key_id\":\"k1\","
				+ "\"private_key\":\"" + pem.replace("\n", "\\n") + "\",\"client_email\":"
				+ "\"gw@test-project.iam.gserviceaccount.com\",\"client_id\":\"1\",\"token_uri\":\"" + tokenUri + "\"}";
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {
	}
}

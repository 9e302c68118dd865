package io.llmgateway.gateway.store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.llmgateway.gateway.support.TestProperties;
import io.llmgateway.gateway.support.mock.MockProvider;

/** Properties and HTTP helpers shared by the database outage tests (in-process gateways and child JVMs). */
final class OutageGateways {

	static final String MASTER_KEY = "sk-outage-master";

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private OutageGateways() {
	}

	/**
	 * A gateway with one spend-accounted chat route ({@code LlmModel, LlmSpend, LlmTranslate}) to the mock provider,
	 * virtual keys required (the master key works), its database behind {@code jdbcUrl} in {@code schema}.
	 */
	static Map<String, Object> properties(MockProvider provider, String jdbcUrl, String schema, String journalDir) {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put(TestProperties.AUTOCONFIGURE_EXCLUDE, TestProperties.SECURITY_AUTOCONFIGURATIONS);
		p.put("server.port", "0");
		p.put("llm.keys.enabled", "true");
		p.put("llm.keys.master-key", MASTER_KEY);
		p.put("llm.datasource.url", jdbcUrl);
		p.put("llm.datasource.username", "postgres");
		p.put("llm.datasource.schema", schema);
		p.put("llm.datasource.connection-timeout", "1s");
		p.put("llm.database.retry-interval", "300ms");
		p.put("llm.database.startup-wait", "1s");
		p.put("llm.spend.journal.directory", journalDir);
		p.put("llm.spend.ledger.flush-interval", "20ms");
		p.put("management.endpoints.web.exposure.include", "health");
		p.put("management.endpoint.health.show-details", "always");
		p.put("spring.cloud.gateway.server.webflux.routes[0].id", "chat");
		p.put("spring.cloud.gateway.server.webflux.routes[0].uri", "http://unused.invalid");
		p.put("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", "Path=/v1/chat/completions");
		p.put("spring.cloud.gateway.server.webflux.routes[0].filters[0]", "LlmModel");
		p.put("spring.cloud.gateway.server.webflux.routes[0].filters[1]", "LlmSpend");
		p.put("spring.cloud.gateway.server.webflux.routes[0].filters[2]", "LlmTranslate");
		p.put("llm.models[0].name", "gpt-test");
		p.put("llm.models[0].provider", "openai");
		p.put("llm.models[0].model", "provider-model-1");
		p.put("llm.models[0].api-key", "sk-provider-secret");
		p.put("llm.models[0].api-base", provider.baseUrl());
		return p;
	}

	/** A chat request with the given key and request id; the status, or -1 when the gateway did not answer. */
	static HttpResponse<String> chat(int port, String key, String requestId) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
			.timeout(Duration.ofSeconds(20))
			.header("content-type", "application/json")
			.header("authorization", "Bearer " + key)
			.header("x-request-id", requestId)
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
			.build();
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> get(int port, String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}
}

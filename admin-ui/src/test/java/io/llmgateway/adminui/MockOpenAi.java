package io.llmgateway.adminui;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A loopback OpenAI-compatible provider: every chat completion answers with 10 prompt and 5 completion tokens, and
 * a prompt containing {@code FAIL} gets a 500; refuses a request that does not carry the provider key the gateway was configured with.
 */
final class MockOpenAi implements AutoCloseable {

	static final String PROVIDER_KEY = "sk-provider-secret";

	private final MockWebServer server = new MockWebServer();

	final AtomicInteger calls = new AtomicInteger();

	MockOpenAi() {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				if (!("Bearer " + PROVIDER_KEY).equals(request.getHeaders().get("Authorization"))
						|| !request.getTarget().endsWith("/chat/completions")) {
					return new MockResponse.Builder().code(400).body("{\"error\":{\"message\":\"bad mock call\"}}").build();
				}
				int n = calls.incrementAndGet();
				if (request.getBody().utf8().contains("FAIL")) {
					return new MockResponse.Builder().code(500)
						.addHeader("content-type", "application/json")
						.body("{\"error\":{\"message\":\"mock failure\",\"type\":\"server_error\"}}")
						.build();
				}
				return new MockResponse.Builder().code(200)
					.addHeader("content-type", "application/json")
					.body("{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"mock-model\","
							+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Answer " + n
							+ "\"},\"finish_reason\":\"stop\"}],"
							+ "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}")
					.build();
			}
		});
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String apiBase() {
		return "http://127.0.0.1:" + server.getPort() + "/v1";
	}

	@Override
	public void close() throws IOException {
		server.close();
	}
}

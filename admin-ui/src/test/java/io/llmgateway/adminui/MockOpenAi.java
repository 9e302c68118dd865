package io.llmgateway.adminui;

import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;

/**
 * A loopback OpenAI-compatible provider, on the starter's mock provider library: every chat completion answers with
 * 10 prompt and 5 completion tokens, and a prompt containing {@code FAIL} gets a 500; refuses a request that does not
 * carry the provider key the gateway was configured with.
 */
final class MockOpenAi implements AutoCloseable {

	static final String PROVIDER_KEY = "sk-provider-secret";

	final AtomicInteger calls = new AtomicInteger();

	private final MockProvider server;

	MockOpenAi() {
		this.server = new MockProvider().answer(this::reply);
	}

	private MockProvider.Behaviour reply(MockProvider.Received request) {
		if (!("Bearer " + PROVIDER_KEY).equals(request.header("Authorization"))
				|| !request.pathOnly().endsWith("/chat/completions")) {
			return Replies.json(400, "{\"error\":{\"message\":\"bad mock call\"}}");
		}
		int n = calls.incrementAndGet();
		if (request.body().contains("FAIL")) {
			return Replies.json(500, "{\"error\":{\"message\":\"mock failure\",\"type\":\"server_error\"}}");
		}
		return Replies.json(200, "{\"id\":\"chatcmpl-" + n + "\",\"object\":\"chat.completion\",\"created\":1,"
				+ "\"model\":\"mock-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
				+ "\"content\":\"Answer " + n + "\"},\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}");
	}

	String apiBase() {
		return "http://127.0.0.1:" + server.port() + "/v1";
	}

	@Override
	public void close() {
		server.close();
	}
}

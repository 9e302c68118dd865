package io.llmgateway.gateway.observe;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;

/** Builds request contexts the way LlmModel and LlmTranslate fill them, for tests without a gateway. */
final class TestExchanges {

	static final String PROMPT = "my secret prompt about llamas";

	static final String VIRTUAL_KEY = "sk-llmgw-virtual0123456789abcdef";

	private TestExchanges() {
	}

	static Deployment deployment(String alias, String provider, String model, String id) {
		LlmProperties.Model config = new LlmProperties.Model(alias, provider, model, "http://127.0.0.1:1/v1",
				"sk-provider-secret-0123456789", id, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, Map.of(), null);
		return new Deployment(id, alias, provider, model, URI.create("http://127.0.0.1:1/v1"), config);
	}

	static LlmExchange chat(String requestId, String alias, boolean stream) {
		String body = "{\"model\":\"" + alias + "\",\"stream\":" + stream
				+ ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
		ChatRequest request = new ChatRequest().model(alias).stream(stream).maxTokens(100).temperature(0.2);
		LlmExchange llm = new LlmExchange(requestId, Protocol.OPENAI, null, body.getBytes(StandardCharsets.UTF_8),
				request);
		llm.routeId("openai-chat");
		llm.identity(new Identity("key-1", "ci-key", "alice", "team-a", null, null, null, null, false));
		return llm;
	}

	static ModelGroup group(Deployment... deployments) {
		return new ModelGroup(deployments[0].group(), List.of(deployments));
	}
}

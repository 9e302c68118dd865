package io.llmgateway.gateway.support.mock;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;

/**
 * One server playing every provider a LiteLLM config can point at: it answers in the protocol its path asks for
 * (OpenAI and Azure chat completions, Anthropic messages, Gemini and Vertex generateContent, Vertex Claude
 * rawPredict, Bedrock Converse, Ollama, Cohere v2, Google's token endpoint) and records what it received (all but
 * token requests), so tests check the URL, credentials and model id each provider got.
 */
public final class AnyProtocolProvider implements AutoCloseable {

	private final MockProvider server = new MockProvider();

	/** Path fragment → status to answer with instead of success. */
	private final Map<String, Integer> failures = new ConcurrentHashMap<>();

	public AnyProtocolProvider() {
		server.check(r -> r.path().startsWith("/token") ? Replies.json(200,
				"{\"access_token\":\"ya29.test-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}") : null,
				MockProvider.Record.ACCEPTED).answer(this::answer);
	}

	public String base() {
		return server.root();
	}

	/** Answers requests whose path contains {@code pathFragment} with {@code status} (until {@link #clear}). */
	public void fail(String pathFragment, int status) {
		failures.put(pathFragment, status);
	}

	/** Forgets what was received and the injected failures. */
	public void clear() {
		server.clear();
		failures.clear();
	}

	public Received take() throws InterruptedException {
		return server.take();
	}

	public Received poll(Duration wait) throws InterruptedException {
		return server.poll(wait);
	}

	private Behaviour answer(Received r) {
		for (Map.Entry<String, Integer> f : failures.entrySet()) {
			if (r.path().contains(f.getKey())) {
				return Replies.json(f.getValue(), "{\"error\":{\"message\":\"injected failure\",\"type\":\"server_error\"}}");
			}
		}
		return Replies.json(200, answer(r.path()));
	}

	private static String answer(String path) {
		if (path.contains("/chat/completions")) {
			return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
					+ "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi from " + path.replace("\"", "")
					+ "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,"
					+ "\"total_tokens\":7}}";
		}
		if (path.contains("/v1/messages") || path.contains(":rawPredict")) {
			return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[{"
					+ "\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
					+ "\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}";
		}
		if (path.contains(":generateContent")) {
			return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"hi\"}]},"
					+ "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,"
					+ "\"candidatesTokenCount\":2,\"totalTokenCount\":7}}";
		}
		if (path.endsWith("/converse")) {
			return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"hi\"}]}},"
					+ "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":5,\"outputTokens\":2,\"totalTokens\":7}}";
		}
		if (path.endsWith("/api/chat")) {
			return "{\"model\":\"m\",\"created_at\":\"2024-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
					+ "\"content\":\"hi\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":5,"
					+ "\"eval_count\":2}";
		}
		if (path.endsWith("/v2/chat")) {
			return "{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\",\"content\":[{"
					+ "\"type\":\"text\",\"text\":\"hi\"}]},\"usage\":{\"tokens\":{\"input_tokens\":5,"
					+ "\"output_tokens\":2}}}";
		}
		return "{}";
	}

	@Override
	public void close() {
		server.close();
	}
}

package io.llmgateway.gateway.litellm;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * One loopback server playing every provider the LiteLLM configs point at: it answers in the protocol its path
 * asks for (OpenAI and Azure chat completions, Anthropic messages, Gemini and Vertex generateContent, Vertex Claude
 * rawPredict, Bedrock Converse, Ollama, Cohere v2, Google's token endpoint) and records what it received, so tests
 * check the URL, credentials and model id each provider got.
 */
final class RecordingProvider implements AutoCloseable {

	/** What arrived; header names lower-case; {@code uri} is path and query. */
	record Received(String method, String uri, Map<String, String> headers, String body) {

		String header(String name) {
			return headers.get(name);
		}
	}

	private final DisposableServer server;

	private final LoopResources loops;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	/** Path fragment → status to answer with instead of success. */
	private final Map<String, Integer> failures = new ConcurrentHashMap<>();

	RecordingProvider() {
		// own event loop: a gateway context that closes disposes Reactor Netty's global resources
		this.loops = LoopResources.create("recording-provider", 1, true);
		this.server = HttpServer.create().runOn(loops).host("127.0.0.1").port(0).handle((req, res) -> req.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.flatMap(body -> {
				Map<String, String> headers = new TreeMap<>();
				req.requestHeaders().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
				Received r = new Received(req.method().name(), req.uri(), headers, body);
				String path = req.uri();
				if (path.startsWith("/token")) {
					return Mono.just(new String[] { "200", "{\"access_token\":\"ya29.test-token\",\"expires_in\":3600,"
							+ "\"token_type\":\"Bearer\"}" });
				}
				received.add(r);
				for (Map.Entry<String, Integer> f : failures.entrySet()) {
					if (path.contains(f.getKey())) {
						return Mono.just(new String[] { String.valueOf(f.getValue()),
								"{\"error\":{\"message\":\"injected failure\",\"type\":\"server_error\"}}" });
					}
				}
				return Mono.just(new String[] { "200", answer(path, body) });
			})
			.flatMap(a -> res.status(Integer.parseInt(a[0]))
				.header("content-type", "application/json")
				.sendString(Mono.just(a[1]))
				.then())).bindNow();
	}

	String base() {
		return "http://127.0.0.1:" + server.port();
	}

	void fail(String pathFragment, int status) {
		failures.put(pathFragment, status);
	}

	void clear() {
		received.clear();
		failures.clear();
	}

	Received take() throws InterruptedException {
		Received r = received.poll(10, TimeUnit.SECONDS);
		if (r == null) {
			throw new AssertionError("the provider received nothing");
		}
		return r;
	}

	Received poll(Duration wait) throws InterruptedException {
		return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static String answer(String path, String body) {
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
		server.disposeNow();
		loops.dispose();
	}
}

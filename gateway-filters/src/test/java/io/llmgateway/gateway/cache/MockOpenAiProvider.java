package io.llmgateway.gateway.cache;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A loopback OpenAI-compatible provider for the cache tests. Every answer is numbered ("Answer #n to: prompt"), so a
 * second upstream call can never produce the same content as the first. Prompts containing {@code FAIL} get a 500;
 * streamed prompts containing {@code CUT} get a stream that stops before its end.
 * <p>
 * {@code POST /v1/embeddings} answers with a bag-of-words vector (each lower-case word hashed to one of 64
 * dimensions), so texts with the same words in the same counts get the same vector; inputs containing {@code SLOW}
 * are answered after {@link #SLOW_EMBEDDING}. Embeddings calls are counted apart from chat calls.
 */
final class MockOpenAiProvider implements AutoCloseable {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final MockWebServer server = new MockWebServer();

	private final AtomicInteger answers = new AtomicInteger();

	static final java.time.Duration SLOW_EMBEDDING = java.time.Duration.ofSeconds(15);

	/** Chat request bodies as received, in order. */
	final List<JsonNode> requests = new CopyOnWriteArrayList<>();

	/** Embeddings request bodies as received, in order. */
	final List<JsonNode> embeddings = new CopyOnWriteArrayList<>();

	MockOpenAiProvider() {
		server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				JsonNode body = mapper.readTree(request.getBody().utf8());
				if (request.getUrl().encodedPath().endsWith("/embeddings")) {
					embeddings.add(body);
					return embedding(body);
				}
				requests.add(body);
				return answer(body);
			}
		});
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The base URL as OpenAI's SDK takes it. */
	String apiBase() {
		return "http://127.0.0.1:" + server.getPort() + "/v1";
	}

	int requestCount() {
		return requests.size();
	}

	private MockResponse answer(JsonNode body) {
		JsonNode messages = body.path("messages");
		String prompt = messages.path(messages.size() - 1).path("content").asString("");
		if (prompt.contains("FAIL")) {
			return new MockResponse.Builder().code(500)
				.addHeader("Content-Type", "application/json")
				.body("{\"error\":{\"message\":\"upstream exploded\",\"type\":\"server_error\"}}")
				.build();
		}
		int n = answers.incrementAndGet();
		String text = "Answer #" + n + " to: " + prompt + " — with ünïcode 🙂";
		String id = "chatcmpl-" + n;
		if (!body.path("stream").asBoolean(false)) {
			ObjectNode r = mapper.createObjectNode();
			r.put("id", id).put("object", "chat.completion").put("created", 1700000000L).put("model", "gpt-4o-2024-08-06");
			ObjectNode choice = r.putArray("choices").addObject();
			choice.put("index", 0);
			choice.putObject("message").put("role", "assistant").put("content", text);
			choice.put("finish_reason", "stop");
			r.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18);
			return new MockResponse.Builder().code(200)
				.addHeader("Content-Type", "application/json")
				.body(mapper.writeValueAsString(r))
				.build();
		}
		StringBuilder sse = new StringBuilder();
		sse.append(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null));
		int third = text.length() / 3;
		sse.append(chunk(id, "{\"content\":" + mapper.writeValueAsString(text.substring(0, third)) + "}", null));
		sse.append(chunk(id, "{\"content\":" + mapper.writeValueAsString(text.substring(third, 2 * third)) + "}", null));
		if (prompt.contains("CUT")) {
			return new MockResponse.Builder().code(200)
				.addHeader("Content-Type", "text/event-stream")
				.body(sse.toString())
				.build();
		}
		sse.append(chunk(id, "{\"content\":" + mapper.writeValueAsString(text.substring(2 * third)) + "}", null));
		sse.append(chunk(id, "{}", "stop"));
		sse.append("data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],"
				+ "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}\n\n");
		sse.append("data: [DONE]\n\n");
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "text/event-stream")
			.body(sse.toString())
			.build();
	}

	private static MockResponse embedding(JsonNode body) {
		ObjectNode r = mapper.createObjectNode();
		r.put("object", "list").put("model", body.path("model").asString());
		var data = r.putArray("data");
		boolean slow = false;
		int index = 0;
		List<JsonNode> inputs = new java.util.ArrayList<>();
		(body.path("input").isArray() ? body.path("input") : mapper.createArrayNode().add(body.path("input")))
			.forEach(inputs::add);
		for (JsonNode input : inputs) {
			slow |= input.asString().contains("SLOW");
			float[] vector = new float[64];
			for (String word : input.asString().toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")) {
				if (!word.isEmpty()) {
					vector[Math.floorMod(word.hashCode(), vector.length)] += 1;
				}
			}
			ObjectNode item = data.addObject().put("object", "embedding").put("index", index++);
			var values = item.putArray("embedding");
			for (float v : vector) {
				values.add(v);
			}
		}
		r.putObject("usage").put("prompt_tokens", 5).put("total_tokens", 5);
		MockResponse.Builder response = new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body(mapper.writeValueAsString(r));
		if (slow) {
			response.headersDelay(SLOW_EMBEDDING.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		return response.build();
	}

	private static String chunk(String id, String delta, String finish) {
		return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
				+ (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
	}

	@Override
	public void close() {
		server.close();
	}
}

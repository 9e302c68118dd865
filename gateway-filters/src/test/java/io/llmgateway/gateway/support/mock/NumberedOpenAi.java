package io.llmgateway.gateway.support.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-compatible provider for the cache tests. Every answer is numbered ("Answer #n to: prompt"), so a second
 * upstream call can never produce the same content as the first. Prompts containing {@code FAIL} get a 500;
 * streamed prompts containing {@code CUT} get a stream that ends before its last content, finish reason and
 * {@code [DONE]}.
 * <p>
 * {@code POST /v1/embeddings} answers with a bag-of-words vector (each lower-case word hashed to one of 64
 * dimensions), so texts with the same words in the same counts get the same vector; inputs containing {@code SLOW}
 * are answered after {@link #SLOW_EMBEDDING}. {@link #chats} and {@link #embeddings} count the two apart.
 */
public final class NumberedOpenAi {

	public static final Duration SLOW_EMBEDDING = Duration.ofSeconds(15);

	private static final String MODEL = "gpt-4o-2024-08-06";

	private final AtomicInteger answers = new AtomicInteger();

	private NumberedOpenAi() {
	}

	public static MockProvider start() {
		NumberedOpenAi numbered = new NumberedOpenAi();
		return new MockProvider().answer(r -> isEmbeddings(r) ? embedding(r.json()) : numbered.answer(r.json()));
	}

	/** Chat request bodies received so far, in order. */
	public static List<JsonNode> chats(MockProvider provider) {
		return provider.log().stream().filter(r -> !isEmbeddings(r)).map(Received::json).toList();
	}

	/** Embeddings request bodies received so far, in order. */
	public static List<JsonNode> embeddings(MockProvider provider) {
		return provider.log().stream().filter(NumberedOpenAi::isEmbeddings).map(Received::json).toList();
	}

	private static boolean isEmbeddings(Received r) {
		return r.pathOnly().endsWith("/embeddings");
	}

	private Behaviour answer(JsonNode body) {
		JsonNode messages = body.path("messages");
		String prompt = messages.path(messages.size() - 1).path("content").asString("");
		if (prompt.contains("FAIL")) {
			return Replies.json(500, "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"server_error\"}}");
		}
		int n = answers.incrementAndGet();
		String text = "Answer #" + n + " to: " + prompt + " — with ünïcode 🙂";
		String id = "chatcmpl-" + n;
		if (!body.path("stream").asBoolean(false)) {
			ObjectNode r = MockProvider.JSON.createObjectNode();
			r.put("id", id).put("object", "chat.completion").put("created", 1700000000L).put("model", MODEL);
			ObjectNode choice = r.putArray("choices").addObject();
			choice.put("index", 0);
			choice.putObject("message").put("role", "assistant").put("content", text);
			choice.put("finish_reason", "stop");
			r.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18);
			return Replies.json(200, MockProvider.JSON.writeValueAsString(r));
		}
		StringBuilder sse = new StringBuilder();
		sse.append(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null));
		int third = text.length() / 3;
		sse.append(chunk(id, "{\"content\":" + MockProvider.JSON.writeValueAsString(text.substring(0, third)) + "}", null));
		sse.append(chunk(id, "{\"content\":" + MockProvider.JSON.writeValueAsString(text.substring(third, 2 * third)) + "}",
				null));
		if (!prompt.contains("CUT")) {
			sse.append(chunk(id, "{\"content\":" + MockProvider.JSON.writeValueAsString(text.substring(2 * third)) + "}",
					null));
			sse.append(chunk(id, "{}", "stop"));
			sse.append("data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
					+ "\"model\":\"" + MODEL + "\",\"choices\":[],"
					+ "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}\n\n");
			sse.append("data: [DONE]\n\n");
		}
		return Replies.raw(200, "text/event-stream", sse.toString());
	}

	private static Behaviour embedding(JsonNode body) {
		ObjectNode r = MockProvider.JSON.createObjectNode();
		r.put("object", "list").put("model", body.path("model").asString());
		ArrayNode data = r.putArray("data");
		boolean slow = false;
		int index = 0;
		List<JsonNode> inputs = new ArrayList<>();
		(body.path("input").isArray() ? body.path("input") : MockProvider.JSON.createArrayNode().add(body.path("input")))
			.forEach(inputs::add);
		for (JsonNode input : inputs) {
			slow |= input.asString().contains("SLOW");
			float[] vector = new float[64];
			for (String word : input.asString().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
				if (!word.isEmpty()) {
					vector[Math.floorMod(word.hashCode(), vector.length)] += 1;
				}
			}
			ArrayNode values = data.addObject().put("object", "embedding").put("index", index++).putArray("embedding");
			for (float v : vector) {
				values.add(v);
			}
		}
		r.putObject("usage").put("prompt_tokens", 5).put("total_tokens", 5);
		Behaviour answer = Replies.json(200, MockProvider.JSON.writeValueAsString(r));
		return slow ? Replies.delayed(SLOW_EMBEDDING, answer) : answer;
	}

	private static String chunk(String id, String delta, String finish) {
		return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
				+ "\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
				+ (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
	}
}

package io.llmgateway.sample.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini API provider: {@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}, and {@code :countTokens}.
 */
final class GeminiMock extends MockProvider {

	/** What {@code :countTokens} answers. */
	static final int COUNT = 37;

	@Override
	String family() {
		return "gemini-mock";
	}

	@Override
	void answer(RecordedRequest request, HttpExchange exchange) throws IOException {
		String path = request.path();
		if (path.startsWith("/v1beta/models/") && path.endsWith(":countTokens")) {
			boolean wrapped = request.body().path("generateContentRequest").path("contents").isArray();
			sendJson(exchange, wrapped ? 200 : 400, wrapped ? JSON.createObjectNode().put("totalTokens", COUNT)
					: error("countTokens expects generateContentRequest.contents"));
			return;
		}
		boolean stream = path.endsWith(":streamGenerateContent");
		if (!path.startsWith("/v1beta/models/") || !(stream || path.endsWith(":generateContent"))) {
			sendJson(exchange, 404, error("no route " + path));
			return;
		}
		String model = path.substring("/v1beta/models/".length(), path.lastIndexOf(':'));
		JsonNode body = request.body();
		List<String> tools = new ArrayList<>();
		body.path("tools").forEach(t -> t.path("functionDeclarations").forEach(f -> tools.add(f.path("name").asString(""))));
		StringBuilder toolResults = new StringBuilder();
		body.path("contents").forEach(c -> c.path("parts").forEach(p -> {
			if (p.has("functionResponse")) {
				toolResults.append(p);
			}
		}));
		AgentScript.Reply reply = AgentScript.decide(family(), request.rawBody(), tools, toolResults.toString());
		ObjectNode answer = JSON.createObjectNode();
		ObjectNode candidate = answer.putArray("candidates").addObject();
		ObjectNode content = candidate.putObject("content").put("role", "model");
		ArrayNode parts = content.putArray("parts");
		if (reply instanceof AgentScript.ToolCall call) {
			parts.addObject().putObject("functionCall").put("name", call.name()).set("args", call.arguments());
		}
		else {
			parts.addObject().put("text", ((AgentScript.Text) reply).text());
		}
		candidate.put("finishReason", "STOP").put("index", 0);
		answer.putObject("usageMetadata").put("promptTokenCount", 25).put("candidatesTokenCount", 7)
			.put("totalTokenCount", 32);
		answer.put("modelVersion", model).put("responseId", "gemini-e2e-01");
		if (!stream) {
			sendJson(exchange, 200, answer);
			return;
		}
		if (!"alt=sse".equals(exchange.getRequestURI().getQuery())) {
			sendJson(exchange, 400, error("streamGenerateContent without alt=sse answers a JSON array, not SSE"));
			return;
		}
		try (Sse sse = new Sse(exchange)) {
			sse.event(null, answer);
		}
	}
}

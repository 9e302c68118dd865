package io.llmgateway.sample.e2e;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;
import io.llmgateway.gateway.support.mock.Replies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini API provider: {@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}, and {@code :countTokens}.
 */
final class GeminiMock extends FamilyMock {

	/** What {@code :countTokens} answers. */
	static final int COUNT = 37;

	@Override
	String family() {
		return "gemini-mock";
	}

	@Override
	Behaviour answer(Received request, JsonNode body) {
		String path = request.pathOnly();
		if (path.startsWith("/v1beta/models/") && path.endsWith(":countTokens")) {
			boolean wrapped = body.path("generateContentRequest").path("contents").isArray();
			return wrapped ? json(200, JSON.createObjectNode().put("totalTokens", COUNT))
					: error(400, "countTokens expects generateContentRequest.contents");
		}
		boolean stream = path.endsWith(":streamGenerateContent");
		if (!path.startsWith("/v1beta/models/") || !(stream || path.endsWith(":generateContent"))) {
			return error(404, "no route " + path);
		}
		String model = path.substring("/v1beta/models/".length(), path.lastIndexOf(':'));
		List<String> tools = new ArrayList<>();
		body.path("tools").forEach(t -> t.path("functionDeclarations").forEach(f -> tools.add(f.path("name").asString(""))));
		StringBuilder toolResults = new StringBuilder();
		body.path("contents").forEach(c -> c.path("parts").forEach(p -> {
			if (p.has("functionResponse")) {
				toolResults.append(p);
			}
		}));
		AgentScript.Reply reply = AgentScript.decide(family(), request.body(), tools, toolResults.toString());
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
			return json(200, answer);
		}
		if (!request.path().endsWith("?alt=sse")) {
			return error(400, "streamGenerateContent without alt=sse answers a JSON array, not SSE");
		}
		return Replies.sseFrames(List.of(event(null, answer)));
	}
}

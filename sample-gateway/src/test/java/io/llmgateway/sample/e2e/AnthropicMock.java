package io.llmgateway.sample.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An Anthropic Messages provider: {@code POST /v1/messages} (plain and SSE) and {@code /v1/messages/count_tokens}. */
final class AnthropicMock extends MockProvider {

	static final String TOOL_USE_ID = "toolu_e2e_01";

	/** What {@code /v1/messages/count_tokens} answers. */
	static final int COUNT = 42;

	@Override
	String family() {
		return "anthropic-mock";
	}

	@Override
	void answer(RecordedRequest request, HttpExchange exchange) throws IOException {
		if (request.path().endsWith("/v1/messages/count_tokens")) {
			ObjectNode count = JSON.createObjectNode().put("input_tokens", COUNT);
			sendJson(exchange, 200, count);
			return;
		}
		if (!request.path().endsWith("/v1/messages")) {
			sendJson(exchange, 404, error("no route " + request.path()));
			return;
		}
		JsonNode body = request.body();
		List<String> tools = new ArrayList<>();
		body.path("tools").forEach(t -> tools.add(t.path("name").asString("")));
		StringBuilder toolResults = new StringBuilder();
		body.path("messages").forEach(m -> m.path("content").forEach(block -> {
			if ("tool_result".equals(block.path("type").asString(""))) {
				toolResults.append(block);
			}
		}));
		AgentScript.Reply reply = AgentScript.decide(family(), request.rawBody(), tools, toolResults.toString());
		String model = body.path("model").asString("");
		if (body.path("stream").asBoolean(false)) {
			stream(exchange, model, reply);
		}
		else {
			sendJson(exchange, 200, message(model, reply));
		}
	}

	private static ObjectNode message(String model, AgentScript.Reply reply) {
		ObjectNode msg = JSON.createObjectNode().put("id", "msg_e2e_01").put("type", "message").put("role", "assistant")
			.put("model", model);
		ArrayNode content = msg.putArray("content");
		if (reply instanceof AgentScript.ToolCall call) {
			content.addObject().put("type", "tool_use").put("id", TOOL_USE_ID).put("name", call.name())
				.set("input", call.arguments());
			msg.put("stop_reason", "tool_use");
		}
		else {
			content.addObject().put("type", "text").put("text", ((AgentScript.Text) reply).text());
			msg.put("stop_reason", "end_turn");
		}
		msg.putNull("stop_sequence");
		msg.putObject("usage").put("input_tokens", 25).put("output_tokens", 7);
		return msg;
	}

	private static void stream(HttpExchange exchange, String model, AgentScript.Reply reply) throws IOException {
		try (Sse sse = new Sse(exchange)) {
			ObjectNode start = JSON.createObjectNode().put("type", "message_start");
			ObjectNode message = start.putObject("message").put("id", "msg_e2e_01").put("type", "message")
				.put("role", "assistant").put("model", model);
			message.putArray("content");
			message.putNull("stop_reason");
			message.putNull("stop_sequence");
			message.putObject("usage").put("input_tokens", 25).put("output_tokens", 1);
			sse.event("message_start", start);
			ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
			ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
			String stopReason;
			if (reply instanceof AgentScript.ToolCall call) {
				ObjectNode block = blockStart.putObject("content_block").put("type", "tool_use").put("id", TOOL_USE_ID)
					.put("name", call.name());
				block.putObject("input");
				delta.putObject("delta").put("type", "input_json_delta")
					.put("partial_json", JSON.writeValueAsString(call.arguments()));
				stopReason = "tool_use";
			}
			else {
				blockStart.putObject("content_block").put("type", "text").put("text", "");
				delta.putObject("delta").put("type", "text_delta").put("text", ((AgentScript.Text) reply).text());
				stopReason = "end_turn";
			}
			sse.event("content_block_start", blockStart);
			sse.event("content_block_delta", delta);
			sse.event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
			ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
			end.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
			end.putObject("usage").put("output_tokens", 7);
			sse.event("message_delta", end);
			sse.event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
		}
	}
}

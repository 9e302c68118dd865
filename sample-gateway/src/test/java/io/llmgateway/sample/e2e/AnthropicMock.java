package io.llmgateway.sample.e2e;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;
import io.llmgateway.gateway.support.mock.Replies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** An Anthropic Messages provider: {@code POST /v1/messages} (plain and SSE) and {@code /v1/messages/count_tokens}. */
final class AnthropicMock extends FamilyMock {

	static final String TOOL_USE_ID = "toolu_e2e_01";

	/** What {@code /v1/messages/count_tokens} answers. */
	static final int COUNT = 42;

	@Override
	String family() {
		return "anthropic-mock";
	}

	@Override
	Behaviour answer(Received request, JsonNode body) {
		if (request.pathOnly().endsWith("/v1/messages/count_tokens")) {
			return json(200, JSON.createObjectNode().put("input_tokens", COUNT));
		}
		if (!request.pathOnly().endsWith("/v1/messages")) {
			return error(404, "no route " + request.pathOnly());
		}
		List<String> tools = new ArrayList<>();
		body.path("tools").forEach(t -> tools.add(t.path("name").asString("")));
		StringBuilder toolResults = new StringBuilder();
		body.path("messages").forEach(m -> m.path("content").forEach(block -> {
			if ("tool_result".equals(block.path("type").asString(""))) {
				toolResults.append(block);
			}
		}));
		AgentScript.Reply reply = AgentScript.decide(family(), request.body(), tools, toolResults.toString());
		String model = body.path("model").asString("");
		return body.path("stream").asBoolean(false) ? stream(model, reply) : json(200, message(model, reply));
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

	private static Behaviour stream(String model, AgentScript.Reply reply) {
		ObjectNode start = JSON.createObjectNode().put("type", "message_start");
		ObjectNode message = start.putObject("message").put("id", "msg_e2e_01").put("type", "message")
			.put("role", "assistant").put("model", model);
		message.putArray("content");
		message.putNull("stop_reason");
		message.putNull("stop_sequence");
		message.putObject("usage").put("input_tokens", 25).put("output_tokens", 1);
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
		ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
		end.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
		end.putObject("usage").put("output_tokens", 7);
		return Replies.sseFrames(List.of(event("message_start", start), event("content_block_start", blockStart),
				event("content_block_delta", delta),
				event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)),
				event("message_delta", end), event("message_stop", JSON.createObjectNode().put("type", "message_stop"))));
	}
}

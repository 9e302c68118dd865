package io.llmgateway.sample.e2e;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;
import io.llmgateway.gateway.support.mock.Replies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI provider: Chat Completions ({@code POST /v1/chat/completions}) and the Responses API
 * ({@code POST /v1/responses}), each plain and streamed.
 */
final class OpenAiMock extends FamilyMock {

	static final String CALL_ID = "call_e2e_01";

	@Override
	String family() {
		return "openai-mock";
	}

	@Override
	Behaviour answer(Received request, JsonNode body) {
		if (request.pathOnly().endsWith("/chat/completions")) {
			return chat(request, body);
		}
		if (request.pathOnly().endsWith("/responses")) {
			return new ResponsesAnswer(body).reply(decideResponses(request, body));
		}
		return error(404, "no route " + request.pathOnly());
	}

	private Behaviour chat(Received request, JsonNode body) {
		List<String> tools = new ArrayList<>();
		body.path("tools").forEach(t -> tools.add(t.path("function").path("name").asString("")));
		StringBuilder toolResults = new StringBuilder();
		body.path("messages").forEach(m -> {
			if ("tool".equals(m.path("role").asString(""))) {
				toolResults.append(m);
			}
		});
		AgentScript.Reply reply = AgentScript.decide(family(), request.body(), tools, toolResults.toString());
		String model = body.path("model").asString("");
		ObjectNode message = JSON.createObjectNode().put("role", "assistant");
		String finish;
		if (reply instanceof AgentScript.ToolCall call) {
			message.putNull("content");
			ObjectNode tc = message.putArray("tool_calls").addObject().put("id", CALL_ID).put("type", "function");
			tc.putObject("function").put("name", call.name()).put("arguments", JSON.writeValueAsString(call.arguments()));
			finish = "tool_calls";
		}
		else {
			message.put("content", ((AgentScript.Text) reply).text());
			finish = "stop";
		}
		ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", 25).put("completion_tokens", 7)
			.put("total_tokens", 32);
		if (!body.path("stream").asBoolean(false)) {
			ObjectNode completion = chatEnvelope("chat.completion", model);
			completion.putArray("choices").addObject().put("index", 0).put("finish_reason", finish).set("message", message);
			completion.set("usage", usage);
			return json(200, completion);
		}
		List<String> frames = new ArrayList<>();
		if (message.has("tool_calls")) {
			ObjectNode delta = JSON.createObjectNode().put("role", "assistant");
			ObjectNode tc = (ObjectNode) message.path("tool_calls").get(0).deepCopy();
			tc.put("index", 0);
			delta.putArray("tool_calls").add(tc);
			frames.add(event(null, chunk(model, delta, null)));
		}
		else {
			frames.add(event(null, chunk(model, JSON.createObjectNode().put("role", "assistant").put("content", ""), null)));
			frames.add(event(null,
					chunk(model, JSON.createObjectNode().put("content", message.path("content").asString()), null)));
		}
		frames.add(event(null, chunk(model, JSON.createObjectNode(), finish)));
		ObjectNode last = chatEnvelope("chat.completion.chunk", model);
		last.putArray("choices");
		last.set("usage", usage);
		frames.add(event(null, last));
		frames.add(Replies.sseFrame(null, "[DONE]"));
		return Replies.sseFrames(frames);
	}

	private static ObjectNode chatEnvelope(String object, String model) {
		return JSON.createObjectNode().put("id", "chatcmpl-e2e").put("object", object).put("created", 1_800_000_000L)
			.put("model", model);
	}

	private static ObjectNode chunk(String model, ObjectNode delta, String finish) {
		ObjectNode chunk = chatEnvelope("chat.completion.chunk", model);
		ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
		choice.set("delta", delta);
		if (finish == null) {
			choice.putNull("finish_reason");
		}
		else {
			choice.put("finish_reason", finish);
		}
		return chunk;
	}

	private AgentScript.Reply decideResponses(Received request, JsonNode body) {
		List<String> tools = new ArrayList<>();
		body.path("tools").forEach(t -> tools.add(t.path("name").asString("")));
		StringBuilder toolResults = new StringBuilder();
		body.path("input").forEach(item -> {
			if ("function_call_output".equals(item.path("type").asString(""))) {
				toolResults.append(item);
			}
		});
		return AgentScript.decide(family(), request.body(), tools, toolResults.toString());
	}

	/** One Responses API answer: the response object, or its event sequence when the request streams. */
	private static final class ResponsesAnswer {

		private final JsonNode body;

		private final List<String> frames = new ArrayList<>();

		private int sequence;

		ResponsesAnswer(JsonNode body) {
			this.body = body;
		}

		Behaviour reply(AgentScript.Reply reply) {
			ObjectNode item;
			if (reply instanceof AgentScript.ToolCall call) {
				item = JSON.createObjectNode().put("type", "function_call").put("id", "fc_e2e_01").put("call_id", CALL_ID)
					.put("name", call.name()).put("arguments", JSON.writeValueAsString(call.arguments()))
					.put("status", "completed");
			}
			else {
				item = JSON.createObjectNode().put("type", "message").put("id", "msg_e2e_01").put("role", "assistant")
					.put("status", "completed");
				item.putArray("content").addObject().put("type", "output_text")
					.put("text", ((AgentScript.Text) reply).text()).putArray("annotations");
			}
			ObjectNode done = response("completed");
			done.putArray("output").add(item);
			done.putObject("usage").put("input_tokens", 25).put("output_tokens", 7).put("total_tokens", 32);
			if (!body.path("stream").asBoolean(false)) {
				return json(200, done);
			}
			ObjectNode created = response("in_progress");
			created.putArray("output");
			ObjectNode createdEvent = JSON.createObjectNode().put("type", "response.created")
				.put("sequence_number", sequence++);
			createdEvent.set("response", created);
			add("response.created", createdEvent);
			ObjectNode added = item.deepCopy().put("status", "in_progress");
			if (item.has("arguments")) {
				added.put("arguments", "");
				add("response.output_item.added", outputEvent("response.output_item.added").set("item", added));
				add("response.function_call_arguments.delta", outputEvent("response.function_call_arguments.delta")
					.put("item_id", "fc_e2e_01").put("delta", item.path("arguments").asString()));
				add("response.function_call_arguments.done", outputEvent("response.function_call_arguments.done")
					.put("item_id", "fc_e2e_01").put("arguments", item.path("arguments").asString()));
			}
			else {
				added.putArray("content");
				JsonNode part = item.path("content").get(0);
				String text = part.path("text").asString();
				add("response.output_item.added", outputEvent("response.output_item.added").set("item", added));
				add("response.content_part.added", contentEvent("response.content_part.added")
					.set("part", ((ObjectNode) part.deepCopy()).put("text", "")));
				add("response.output_text.delta", contentEvent("response.output_text.delta").put("delta", text));
				add("response.output_text.done", contentEvent("response.output_text.done").put("text", text));
				add("response.content_part.done", contentEvent("response.content_part.done").set("part", part));
			}
			add("response.output_item.done", outputEvent("response.output_item.done").set("item", item));
			ObjectNode completed = JSON.createObjectNode().put("type", "response.completed")
				.put("sequence_number", sequence++);
			completed.set("response", done);
			add("response.completed", completed);
			return Replies.sseFrames(frames);
		}

		private void add(String name, JsonNode data) {
			frames.add(event(name, data));
		}

		private ObjectNode response(String status) {
			return JSON.createObjectNode().put("id", "resp_e2e_01").put("object", "response")
				.put("created_at", 1_800_000_000L).put("status", status).put("model", body.path("model").asString(""));
		}

		private ObjectNode outputEvent(String type) {
			return JSON.createObjectNode().put("type", type).put("sequence_number", sequence++).put("output_index", 0);
		}

		private ObjectNode contentEvent(String type) {
			return outputEvent(type).put("item_id", "msg_e2e_01").put("content_index", 0);
		}
	}
}

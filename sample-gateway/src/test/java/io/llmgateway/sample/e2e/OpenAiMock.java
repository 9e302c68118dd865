package io.llmgateway.sample.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI provider: Chat Completions ({@code POST /v1/chat/completions}) and the Responses API
 * ({@code POST /v1/responses}), each plain and streamed.
 */
final class OpenAiMock extends MockProvider {

	static final String CALL_ID = "call_e2e_01";

	@Override
	String family() {
		return "openai-mock";
	}

	@Override
	void answer(RecordedRequest request, HttpExchange exchange) throws IOException {
		if (request.path().endsWith("/chat/completions")) {
			chat(request, exchange);
		}
		else if (request.path().endsWith("/responses")) {
			new ResponsesAnswer(request, exchange).send(decideResponses(request));
		}
		else {
			sendJson(exchange, 404, error("no route " + request.path()));
		}
	}

	private void chat(RecordedRequest request, HttpExchange exchange) throws IOException {
		JsonNode body = request.body();
		List<String> tools = new ArrayList<>();
		body.path("tools").forEach(t -> tools.add(t.path("function").path("name").asString("")));
		StringBuilder toolResults = new StringBuilder();
		body.path("messages").forEach(m -> {
			if ("tool".equals(m.path("role").asString(""))) {
				toolResults.append(m);
			}
		});
		AgentScript.Reply reply = AgentScript.decide(family(), request.rawBody(), tools, toolResults.toString());
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
			sendJson(exchange, 200, completion);
			return;
		}
		try (Sse sse = new Sse(exchange)) {
			if (message.has("tool_calls")) {
				ObjectNode delta = JSON.createObjectNode().put("role", "assistant");
				ObjectNode tc = (ObjectNode) message.path("tool_calls").get(0).deepCopy();
				tc.put("index", 0);
				delta.putArray("tool_calls").add(tc);
				sse.event(null, chunk(model, delta, null));
			}
			else {
				sse.event(null, chunk(model, JSON.createObjectNode().put("role", "assistant").put("content", ""), null));
				sse.event(null, chunk(model, JSON.createObjectNode().put("content", message.path("content").asString()), null));
			}
			sse.event(null, chunk(model, JSON.createObjectNode(), finish));
			ObjectNode last = chatEnvelope("chat.completion.chunk", model);
			last.putArray("choices");
			last.set("usage", usage);
			sse.event(null, last);
			sse.raw("[DONE]");
		}
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

	private AgentScript.Reply decideResponses(RecordedRequest request) {
		JsonNode body = request.body();
		List<String> tools = new ArrayList<>();
		body.path("tools").forEach(t -> tools.add(t.path("name").asString("")));
		StringBuilder toolResults = new StringBuilder();
		body.path("input").forEach(item -> {
			if ("function_call_output".equals(item.path("type").asString(""))) {
				toolResults.append(item);
			}
		});
		return AgentScript.decide(family(), request.rawBody(), tools, toolResults.toString());
	}

	/** One Responses API answer: the response object, or its event sequence when the request streams. */
	private static final class ResponsesAnswer {

		private final HttpExchange exchange;

		private final JsonNode body;

		private int sequence;

		ResponsesAnswer(RecordedRequest request, HttpExchange exchange) {
			this.exchange = exchange;
			this.body = request.body();
		}

		void send(AgentScript.Reply reply) throws IOException {
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
				sendJson(exchange, 200, done);
				return;
			}
			try (Sse sse = new Sse(exchange)) {
				ObjectNode created = response("in_progress");
				created.putArray("output");
				ObjectNode createdEvent = JSON.createObjectNode().put("type", "response.created")
					.put("sequence_number", sequence++);
				createdEvent.set("response", created);
				sse.event("response.created", createdEvent);
				ObjectNode added = item.deepCopy().put("status", "in_progress");
				if (item.has("arguments")) {
					added.put("arguments", "");
					sse.event("response.output_item.added", outputEvent("response.output_item.added").set("item", added));
					sse.event("response.function_call_arguments.delta", outputEvent("response.function_call_arguments.delta")
						.put("item_id", "fc_e2e_01").put("delta", item.path("arguments").asString()));
					sse.event("response.function_call_arguments.done", outputEvent("response.function_call_arguments.done")
						.put("item_id", "fc_e2e_01").put("arguments", item.path("arguments").asString()));
				}
				else {
					added.putArray("content");
					JsonNode part = item.path("content").get(0);
					String text = part.path("text").asString();
					sse.event("response.output_item.added", outputEvent("response.output_item.added").set("item", added));
					sse.event("response.content_part.added", contentEvent("response.content_part.added")
						.set("part", ((ObjectNode) part.deepCopy()).put("text", "")));
					sse.event("response.output_text.delta", contentEvent("response.output_text.delta").put("delta", text));
					sse.event("response.output_text.done", contentEvent("response.output_text.done").put("text", text));
					sse.event("response.content_part.done", contentEvent("response.content_part.done").set("part", part));
				}
				sse.event("response.output_item.done", outputEvent("response.output_item.done").set("item", item));
				ObjectNode completed = JSON.createObjectNode().put("type", "response.completed")
					.put("sequence_number", sequence++);
				completed.set("response", done);
				sse.event("response.completed", completed);
			}
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

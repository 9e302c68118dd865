package io.llmgateway.translate.openai;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.StopReason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI {@code chat.completion} bodies ⇄ the canonical {@link ChatResponse} (first choice only). */
final class OpenAiResponses {

	private OpenAiResponses() {
	}

	static ChatResponse decode(byte[] body) {
		JsonNode root;
		try {
			root = Json.MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new LlmException(LlmError.of(ErrorType.BAD_GATEWAY, "The provider returned a response that is not"
					+ " valid JSON."));
		}
		if (root == null || !root.isObject()) {
			throw new LlmException(LlmError.of(ErrorType.BAD_GATEWAY, "The provider returned an unexpected response."));
		}
		List<ContentPart> content = new ArrayList<>();
		StopReason stop = null;
		JsonNode choices = root.get("choices");
		if (choices != null && choices.isArray() && !choices.isEmpty()) {
			JsonNode choice = choices.get(0);
			JsonNode message = choice.path("message");
			String reasoning = message.isObject() ? Json.str(message, "reasoning_content") : null;
			if (reasoning != null && !reasoning.isEmpty()) {
				content.add(new ContentPart.Thinking(reasoning, null, false));
			}
			String text = message.isObject() ? Json.str(message, "content") : null;
			if (text != null) {
				content.add(new ContentPart.Text(text));
			}
			String refusal = message.isObject() ? Json.str(message, "refusal") : null;
			if (refusal != null && !refusal.isEmpty()) {
				content.add(new ContentPart.Text(refusal));
			}
			JsonNode calls = message.get("tool_calls");
			boolean toolCalls = false;
			if (calls != null && calls.isArray()) {
				for (JsonNode call : calls) {
					JsonNode fn = call.path("function");
					String args = Json.str(fn, "arguments");
					content.add(new ContentPart.ToolCall(Json.str(call, "id"), Json.str(fn, "name"),
							args == null ? "" : args));
					toolCalls = true;
				}
			}
			stop = OpenAiJson.stopReason(Json.str(choice, "finish_reason"));
			// A named tool_choice yields finish_reason "stop" with tool calls present: the calls decide.
			if (toolCalls && stop == StopReason.END_TURN) {
				stop = StopReason.TOOL_USE;
			}
		}
		return new ChatResponse(Json.str(root, "id"), Json.str(root, "model"), content, stop,
				OpenAiJson.usage(root.get("usage")), Json.count(root, "created"));
	}

	static byte[] encode(ChatResponse response, String clientModel) {
		ObjectNode root = Json.NODES.objectNode();
		root.put("id", response.id() != null ? response.id() : ToolCallIds.generate("chatcmpl-"));
		root.put("object", "chat.completion");
		root.put("created", response.created() > 0 ? response.created() : System.currentTimeMillis() / 1000);
		root.put("model", clientModel != null ? clientModel : response.model());
		ArrayNode choices = root.putArray("choices");
		ObjectNode choice = choices.addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		StringBuilder text = new StringBuilder();
		StringBuilder reasoning = new StringBuilder();
		ArrayNode calls = null;
		for (ContentPart p : response.content()) {
			if (p instanceof ContentPart.Text t) {
				text.append(t.text());
			}
			else if (p instanceof ContentPart.Thinking th && th.text() != null) {
				reasoning.append(th.text());
			}
			else if (p instanceof ContentPart.ToolCall c) {
				if (calls == null) {
					calls = Json.NODES.arrayNode();
				}
				ObjectNode call = calls.addObject();
				call.put("id", c.id());
				call.put("type", "function");
				ObjectNode fn = call.putObject("function");
				fn.put("name", c.name());
				fn.put("arguments", c.argumentsJson() == null || c.argumentsJson().isEmpty() ? "{}" : c.argumentsJson());
			}
		}
		if (text.length() > 0 || calls == null) {
			message.put("content", text.toString());
		}
		else {
			message.putNull("content");
		}
		if (reasoning.length() > 0) {
			message.put("reasoning_content", reasoning.toString());
		}
		message.putNull("refusal");
		if (calls != null) {
			message.set("tool_calls", calls);
		}
		choice.putNull("logprobs");
		choice.put("finish_reason", OpenAiJson.finishReason(response.stopReason()));
		if (response.usage() != null) {
			root.set("usage", OpenAiJson.usageNode(response.usage()));
		}
		return Json.MAPPER.writeValueAsBytes(root);
	}
}

package io.llmgateway.translate.openai;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.StopReason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** OpenAI {@code chat.completion} bodies → the canonical {@link ChatResponse} (first choice only). */
final class OpenAiResponseReader {

	private OpenAiResponseReader() {
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
}

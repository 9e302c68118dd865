package io.llmgateway.translate.openai;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.ToolCallIds;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The canonical {@link ChatResponse} → an OpenAI {@code chat.completion} body. */
final class OpenAiResponseWriter {

	private OpenAiResponseWriter() {
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
				OpenAiJson.addToolCall(calls, c);
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

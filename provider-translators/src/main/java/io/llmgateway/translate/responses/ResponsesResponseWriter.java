package io.llmgateway.translate.responses;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.mapping.StopReasons;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;

/**
 * Writes a canonical answer as a Responses {@code response} object: consecutive text parts as one assistant
 * {@code message} item, tool calls as {@code function_call} items ({@code custom_tool_call} for the request's custom
 * tools, with the free text unwrapped), reasoning text as a {@code reasoning} item's summary; a cut answer is
 * {@code incomplete} with its reason.
 */
final class ResponsesResponseWriter {

	private ResponsesResponseWriter() {
	}

	static byte[] write(ChatResponse response, String clientModel, ChatRequest request) {
		ResponsesOriginal original = ResponsesOriginal.of(request);
		CustomTools custom = original == null ? CustomTools.NONE : original.custom();
		String id = ResponsesJson.responseId(response.id());
		StopReason reason = StopReasons.derive(response.stopReason(), StopReasons.hasToolCalls(response.content()));
		StringBuilder sb = new StringBuilder(768);
		ResponsesJson.openResponse(sb, id, response.created(), ResponsesJson.status(reason),
				clientModel != null ? clientModel : response.model(), original, reason, null);
		sb.append(",\"output\":[");
		int index = 0;
		StringBuilder text = null;
		for (ContentPart part : response.content()) {
			if (part instanceof ContentPart.Text t) {
				if (t.text() != null && !t.text().isEmpty()) {
					text = text == null ? new StringBuilder(t.text()) : text.append(t.text());
				}
				continue;
			}
			if (text != null) {
				index = message(sb, id, index, text);
				text = null;
			}
			if (part instanceof ContentPart.ToolCall c) {
				comma(sb, index);
				if (custom.isCustom(c.name())) {
					ResponsesItems.customCall(sb, ResponsesJson.itemId("ctc", id, index), "completed", c.id(),
							c.name(), CustomTools.inputOf(c.argumentsJson()));
				}
				else {
					ResponsesItems.functionCall(sb, ResponsesJson.itemId("fc", id, index), "completed", c.id(),
							c.name(), c.argumentsJson() == null || c.argumentsJson().isEmpty() ? "{}"
									: c.argumentsJson());
				}
				index++;
			}
			else if (part instanceof ContentPart.Thinking th
					&& (th.text() != null && !th.text().isEmpty() || ReasoningCarrier.encode(th) != null)) {
				comma(sb, index);
				ResponsesItems.reasoning(sb, ResponsesJson.itemId("rs", id, index), th.text(),
						ReasoningCarrier.encode(th));
				index++;
			}
		}
		if (text != null) {
			message(sb, id, index, text);
		}
		sb.append(']');
		ResponsesJson.closeResponse(sb, response.usage() == null ? Usage.ZERO : response.usage());
		return sb.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static int message(StringBuilder sb, String id, int index, StringBuilder text) {
		comma(sb, index);
		ResponsesItems.message(sb, ResponsesJson.itemId("msg", id, index), "completed", text.toString());
		return index + 1;
	}

	private static void comma(StringBuilder sb, int index) {
		if (index > 0) {
			sb.append(',');
		}
	}
}

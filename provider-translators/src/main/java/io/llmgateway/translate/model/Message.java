package io.llmgateway.translate.model;

import java.util.List;

/**
 * One conversation turn in the canonical model. Tool results are {@link Role#TOOL} messages holding
 * {@link ContentPart.ToolResult} parts; assistant tool calls are {@link ContentPart.ToolCall} parts.
 */
public record Message(Role role, List<ContentPart> content, String name) {

	public Message {
		content = List.copyOf(content);
	}

	public static Message text(Role role, String text) {
		return new Message(role, List.of(new ContentPart.Text(text)), null);
	}

	/** The concatenated text parts, or an empty string. */
	public String joinedText() {
		return joinedText(content);
	}

	/** The concatenated text of {@code parts} (a system prompt, a tool result), or an empty string. */
	public static String joinedText(List<ContentPart> parts) {
		if (parts.size() == 1 && parts.get(0) instanceof ContentPart.Text only) {
			// the common message: its one text as it is, not a copy
			return only.text();
		}
		StringBuilder sb = new StringBuilder();
		for (ContentPart p : parts) {
			if (p instanceof ContentPart.Text t) {
				sb.append(t.text());
			}
		}
		return sb.toString();
	}
}

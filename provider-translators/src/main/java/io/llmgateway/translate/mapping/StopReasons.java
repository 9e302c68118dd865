package io.llmgateway.translate.mapping;

import java.util.List;

import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;

/**
 * Stop-reason mapping (docs/translation.md, "Stop reasons"). "A tool was called" is derived from the content, never from the reason
 * field alone: OpenAI says {@code stop} for a named tool_choice and Gemini says {@code STOP} for function calls.
 */
public final class StopReasons {

	private StopReasons() {
	}

	/** The reason to report, given what the provider said and whether the answer holds tool calls. */
	public static StopReason derive(StopReason reported, boolean hasToolCalls) {
		if (hasToolCalls && (reported == null || reported == StopReason.END_TURN
				|| reported == StopReason.STOP_SEQUENCE || reported == StopReason.TOOL_USE)) {
			return StopReason.TOOL_USE;
		}
		if (reported == null || reported == StopReason.TOOL_USE) {
			return StopReason.END_TURN;
		}
		return reported;
	}

	public static boolean hasToolCalls(List<ContentPart> content) {
		for (ContentPart p : content) {
			if (p instanceof ContentPart.ToolCall) {
				return true;
			}
		}
		return false;
	}

	public static StopReason fromAnthropic(String reason) {
		if (reason == null) {
			return null;
		}
		return switch (reason) {
			case "end_turn" -> StopReason.END_TURN;
			case "stop_sequence" -> StopReason.STOP_SEQUENCE;
			case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
			case "tool_use" -> StopReason.TOOL_USE;
			case "pause_turn" -> StopReason.PAUSE_TURN;
			case "refusal" -> StopReason.CONTENT_FILTER;
			default -> StopReason.END_TURN;
		};
	}

	public static String toAnthropic(StopReason reason) {
		if (reason == null) {
			return "end_turn";
		}
		return switch (reason) {
			case END_TURN -> "end_turn";
			case STOP_SEQUENCE -> "stop_sequence";
			case MAX_TOKENS -> "max_tokens";
			case TOOL_USE -> "tool_use";
			case CONTENT_FILTER -> "refusal";
			case PAUSE_TURN -> "pause_turn";
		};
	}

	/** Gemini {@code finishReason}; {@code STOP} with function calls becomes a tool stop through {@link #derive}. */
	public static StopReason fromGemini(String reason) {
		if (reason == null) {
			return null;
		}
		return switch (reason) {
			case "MAX_TOKENS" -> StopReason.MAX_TOKENS;
			case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
					"IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER" ->
				StopReason.CONTENT_FILTER;
			default -> StopReason.END_TURN;
		};
	}
}

package io.llmgateway.translate.model;

/** Canonical reasons a generation ended; each codec maps its own values onto these. */
public enum StopReason {
	END_TURN, STOP_SEQUENCE, MAX_TOKENS, TOOL_USE, CONTENT_FILTER, PAUSE_TURN
}

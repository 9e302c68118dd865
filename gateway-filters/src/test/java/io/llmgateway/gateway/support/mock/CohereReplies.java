package io.llmgateway.gateway.support.mock;

/** Cohere v2 chat answers: one text reply and its SSE stream. */
public final class CohereReplies {

	private CohereReplies() {
	}

	public static final String TEXT = """
			{"id":"c-1","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"Hello from Cohere"}]},
			 "usage":{"billed_units":{"input_tokens":5,"output_tokens":3},"tokens":{"input_tokens":50,"output_tokens":3}}}""";

	public static final String STREAM = "event: message-start\ndata: {\"id\":\"c-2\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\"}}}\n\n"
			+ "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n"
			+ "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hello from \"}}}}\n\n"
			+ "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Cohere\"}}}}\n\n"
			+ "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n"
			+ "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":3},\"tokens\":{\"input_tokens\":50,\"output_tokens\":3}}}}\n\n";
}

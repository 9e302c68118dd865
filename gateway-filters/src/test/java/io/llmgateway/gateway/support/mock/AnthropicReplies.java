package io.llmgateway.gateway.support.mock;

/** Anthropic Messages answers (as Claude on Vertex says them): text, tool use, and both streamed as SSE. */
public final class AnthropicReplies {

	private AnthropicReplies() {
	}

	public static final String TEXT = """
			{"id":"msg_vrtx_1","type":"message","role":"assistant","model":"claude-sonnet-4@20250514",
			 "content":[{"type":"text","text":"Hello from Claude on Vertex"}],"stop_reason":"end_turn","stop_sequence":null,
			 "usage":{"input_tokens":11,"output_tokens":6}}""";

	public static final String TOOL = """
			{"id":"msg_vrtx_2","type":"message","role":"assistant","model":"claude-sonnet-4@20250514",
			 "content":[{"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Oslo"}}],
			 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":9}}""";

	public static final String STREAM_TEXT = events(
			"message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_vrtx_3\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4@20250514\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}",
			"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
			"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello from \"}}",
			"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Claude on Vertex\"}}",
			"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
			"message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}",
			"message_stop", "{\"type\":\"message_stop\"}");

	public static final String STREAM_TOOL = events(
			"message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_vrtx_4\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4@20250514\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":1}}}",
			"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01B\",\"name\":\"get_weather\",\"input\":{}}}",
			"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}",
			"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Oslo\\\"}\"}}",
			"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
			"message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}",
			"message_stop", "{\"type\":\"message_stop\"}");

	private static String events(String... pairs) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < pairs.length; i += 2) {
			sb.append(Replies.sseFrame(pairs[i], pairs[i + 1]));
		}
		return sb.toString();
	}
}

package io.llmgateway.gateway.support.mock;

import java.util.List;

/** Bedrock Converse answers: text and tool use, and both as ConverseStream events ({@code {eventType, json}} pairs for {@link Replies#eventStream}). */
public final class BedrockReplies {

	private BedrockReplies() {
	}

	public static final String TEXT = """
			{"output":{"message":{"role":"assistant","content":[{"text":"Hello from Bedrock"}]}},"stopReason":"end_turn",
			 "usage":{"inputTokens":10,"outputTokens":4,"totalTokens":14},"metrics":{"latencyMs":100}}""";

	public static final String TOOL = """
			{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_b1","name":"get_weather","input":{"city":"Oslo"}}}]}},
			 "stopReason":"tool_use","usage":{"inputTokens":20,"outputTokens":9,"totalTokens":29},"metrics":{"latencyMs":100}}""";

	public static final List<String[]> STREAM_TEXT = List.of(new String[] { "messageStart", "{\"role\":\"assistant\"}" },
			new String[] { "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello from \"}}" },
			new String[] { "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Bedrock\"}}" },
			new String[] { "contentBlockStop", "{\"contentBlockIndex\":0}" },
			new String[] { "messageStop", "{\"stopReason\":\"end_turn\"}" },
			new String[] { "metadata", "{\"usage\":{\"inputTokens\":10,\"outputTokens\":4,\"totalTokens\":14},\"metrics\":{\"latencyMs\":90}}" });

	public static final List<String[]> STREAM_TOOL = List.of(new String[] { "messageStart", "{\"role\":\"assistant\"}" },
			new String[] { "contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_b2\",\"name\":\"get_weather\"}}}" },
			new String[] { "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}" },
			new String[] { "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"\\\"Oslo\\\"}\"}}}" },
			new String[] { "contentBlockStop", "{\"contentBlockIndex\":0}" },
			new String[] { "messageStop", "{\"stopReason\":\"tool_use\"}" },
			new String[] { "metadata", "{\"usage\":{\"inputTokens\":20,\"outputTokens\":9,\"totalTokens\":29},\"metrics\":{\"latencyMs\":90}}" });
}

package io.llmgateway.gateway.support.mock;

import java.util.List;

/** Ollama {@code /api/chat} answers: text and tool call, and both as NDJSON stream lines. */
public final class OllamaReplies {

	private OllamaReplies() {
	}

	public static final String TEXT = "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello from Ollama\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":4}";

	public static final String TOOL = "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}}]},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":15,\"eval_count\":6}";

	public static final List<String> STREAM_TEXT = List.of(
			"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello from \"},\"done\":false}",
			"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Ollama\"},\"done\":false}",
			"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":4}");

	public static final List<String> STREAM_TOOL = List.of(
			"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}}]},\"done\":false}",
			"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":15,\"eval_count\":6}");
}

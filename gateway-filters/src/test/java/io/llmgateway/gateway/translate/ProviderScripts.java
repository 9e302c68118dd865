package io.llmgateway.gateway.translate;

import java.util.ArrayList;
import java.util.List;

/** Provider answers (bodies and SSE frames) in each provider's wire format, as in /shared/protocols. */
final class ProviderScripts {

	private ProviderScripts() {
	}

	static String anthropicMessage(String text) {
		return "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":"
				+ "[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
				+ "\"usage\":{\"input_tokens\":21,\"output_tokens\":5,\"cache_creation_input_tokens\":100,"
				+ "\"cache_read_input_tokens\":1800}}";
	}

	static String anthropicToolUse() {
		return "{\"id\":\"msg_02\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":"
				+ "[{\"type\":\"tool_use\",\"id\":\"toolu_01A\",\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}],"
				+ "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":30,\"output_tokens\":12}}";
	}

	static String anthropicError(String type, String message) {
		return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},"
				+ "\"request_id\":\"req_1\"}";
	}

	static String frame(String event, String data) {
		return "event: " + event + "\ndata: " + data + "\n\n";
	}

	/** A text stream with cache usage, optionally a tool call, as Anthropic sends it. */
	static List<String> anthropicStream(boolean withTool, String... texts) {
		List<String> f = new ArrayList<>();
		f.add(frame("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_s1\",\"type\":\"message\","
				+ "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
				+ "\"usage\":{\"input_tokens\":21,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1800,"
				+ "\"output_tokens\":1}}}"));
		f.add(frame("ping", "{\"type\":\"ping\"}"));
		f.add(frame("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
				+ "{\"type\":\"text\",\"text\":\"\"}}"));
		for (String t : texts) {
			f.add(frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
					+ "{\"type\":\"text_delta\",\"text\":\"" + t + "\"}}"));
		}
		f.add(frame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
		if (withTool) {
			f.add(frame("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
					+ "{\"type\":\"tool_use\",\"id\":\"toolu_01A\",\"name\":\"get_weather\",\"input\":{}}}"));
			f.add(frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
					+ "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}"));
			f.add(frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
					+ "{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"Oslo\\\"}\"}}"));
			f.add(frame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
		}
		f.add(frame("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
				+ (withTool ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":35}}"));
		f.add(frame("message_stop", "{\"type\":\"message_stop\"}"));
		return f;
	}

	static String geminiText(String text) {
		return "{\"candidates\":[{\"index\":0,\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + text + "\"}]},"
				+ "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":120,\"candidatesTokenCount\":18,"
				+ "\"totalTokenCount\":190,\"cachedContentTokenCount\":64,\"thoughtsTokenCount\":52},"
				+ "\"modelVersion\":\"gemini-test\",\"responseId\":\"resp1\"}";
	}

	static String geminiFunctionCall() {
		return "{\"candidates\":[{\"index\":0,\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
				+ "{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}},\"thoughtSignature\":\"CrICAdHt\"}]},"
				+ "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":40,\"candidatesTokenCount\":8,"
				+ "\"totalTokenCount\":48},\"modelVersion\":\"gemini-test\",\"responseId\":\"resp2\"}";
	}

	static String geminiError(int code, String status, String message, String reason) {
		return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\""
				+ (reason == null ? "" : ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
						+ "\"reason\":\"" + reason + "\",\"domain\":\"googleapis.com\"}]")
				+ "}}";
	}

	static List<String> geminiStream(boolean withTool, String... texts) {
		List<String> f = new ArrayList<>();
		for (String t : texts) {
			f.add("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + t + "\"}]},"
					+ "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":2,"
					+ "\"totalTokenCount\":14},\"modelVersion\":\"gemini-test\",\"responseId\":\"k2Zx\"}\r\n\r\n");
		}
		String last = withTool ? "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}" : "{\"text\":\"\"}";
		f.add("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + last + "]},\"finishReason\":\"STOP\","
				+ "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":8,"
				+ "\"totalTokenCount\":20,\"cachedContentTokenCount\":4},\"modelVersion\":\"gemini-test\","
				+ "\"responseId\":\"k2Zx\"}\r\n\r\n");
		return f;
	}

	static String openAiCompletion(String text) {
		return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1760000000,\"model\":\"gpt-test\","
				+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\","
				+ "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1921,"
				+ "\"completion_tokens\":35,\"total_tokens\":1956,\"prompt_tokens_details\":{\"cached_tokens\":1800}}}";
	}

	static String openAiToolCall() {
		return "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"created\":1760000000,\"model\":\"gpt-test\","
				+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":null,"
				+ "\"tool_calls\":[{\"id\":\"call_Ab12\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
				+ "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
				+ "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":10,\"total_tokens\":60}}";
	}

	static String openAiError(String type, String code, String message) {
		return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
				+ (code == null ? "null" : "\"" + code + "\"") + "}}";
	}

	static List<String> openAiStream(boolean withTool, String... texts) {
		String head = "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,"
				+ "\"model\":\"gpt-test\",";
		List<String> f = new ArrayList<>();
		f.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
				+ "\"finish_reason\":null}]}\n\n");
		for (String t : texts) {
			f.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + t + "\"},"
					+ "\"finish_reason\":null}]}\n\n");
		}
		if (withTool) {
			f.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_Ab12\","
					+ "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
					+ "\"finish_reason\":null}]}\n\n");
			f.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
					+ "{\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]},\"finish_reason\":null}]}\n\n");
		}
		f.add("data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\""
				+ (withTool ? "tool_calls" : "stop") + "\"}]}\n\n");
		f.add("data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":1921,\"completion_tokens\":35,"
				+ "\"total_tokens\":1956,\"prompt_tokens_details\":{\"cached_tokens\":1800}}}\n\n");
		f.add("data: [DONE]\n\n");
		return f;
	}
}

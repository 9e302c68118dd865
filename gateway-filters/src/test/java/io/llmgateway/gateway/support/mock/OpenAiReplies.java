package io.llmgateway.gateway.support.mock;

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI chat-completions answers: a plain completion and stream, and Azure OpenAI's variants (content-filter
 * results, a stream that opens with an empty-choices chunk).
 */
public final class OpenAiReplies {

	private OpenAiReplies() {
	}

	public static String completion(String text) {
		return """
				{"id":"chatcmpl-mock1","object":"chat.completion","created":1760000000,"model":"provider-model-1",\
				"choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null},\
				"logprobs":null,"finish_reason":"stop"}],\
				"usage":{"prompt_tokens":9,"completion_tokens":4,"total_tokens":13,\
				"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}"""
			.formatted(Replies.quote(text));
	}

	/** An OpenAI stream's {@code data:} payloads with usage chunk and [DONE], saying {@code parts} joined. */
	public static List<String> streamPayloads(String... parts) {
		String head = "{\"id\":\"chatcmpl-mock2\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,"
				+ "\"model\":\"provider-model-1\",";
		List<String> out = new ArrayList<>();
		out.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
				+ "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
		for (String p : parts) {
			out.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + Replies.quote(p)
					+ "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
		}
		out.add(head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
				+ "\"usage\":null}");
		out.add(head + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12,"
				+ "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
		out.add("[DONE]");
		return out;
	}


	public static final String AZURE_TEXT = """
			{"id":"chatcmpl-az1","object":"chat.completion","created":1760000000,"model":"gpt-4o-2024-08-06",
			 "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from Azure"},"finish_reason":"stop",
			   "content_filter_results":{}}],
			 "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}""";

	public static final String AZURE_TOOL = """
			{"id":"chatcmpl-az2","object":"chat.completion","created":1760000000,"model":"gpt-4o-2024-08-06",
			 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_az1","type":"function",
			   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},"finish_reason":"tool_calls"}],
			 "usage":{"prompt_tokens":20,"completion_tokens":8,"total_tokens":28}}""";

	/** Azure streams open with an empty-choices chunk carrying only prompt_filter_results. */
	public static final String AZURE_FIRST = "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n";

	public static final String AZURE_STREAM_TEXT = AZURE_FIRST
			+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello from \"},\"finish_reason\":null}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Azure\"},\"finish_reason\":null}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}\n\n"
			+ "data: [DONE]\n\n";

	public static final String AZURE_STREAM_TOOL = AZURE_FIRST
			+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_az2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
			+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":8,\"total_tokens\":28}}\n\n"
			+ "data: [DONE]\n\n";
}

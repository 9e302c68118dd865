package io.llmgateway.gateway.translate;

import java.util.ArrayList;
import java.util.List;

/** OpenAI Responses answers (a {@code response} body and its event stream) as api.openai.com sends them. */
final class ResponsesScripts {

	private ResponsesScripts() {
	}

	private static String response(String status, String output, String usage) {
		return "{\"id\":\"resp_up1\",\"object\":\"response\",\"created_at\":1760000000,\"status\":\"" + status + "\","
				+ "\"error\":null,\"incomplete_details\":null,\"instructions\":null,\"max_output_tokens\":null,"
				+ "\"model\":\"gpt-test\",\"output\":[" + output + "],\"parallel_tool_calls\":true,"
				+ "\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},\"store\":true,"
				+ "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\",\"tools\":[],"
				+ "\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":" + usage + ",\"user\":null,\"metadata\":{}}";
	}

	private static final String USAGE = "{\"input_tokens\":1000,\"input_tokens_details\":{\"cached_tokens\":400},"
			+ "\"output_tokens\":50,\"output_tokens_details\":{\"reasoning_tokens\":20},\"total_tokens\":1050}";

	static String message(String text) {
		return "{\"id\":\"msg_up1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":"
				+ "[{\"type\":\"output_text\",\"annotations\":[],\"text\":\"" + text + "\"}]}";
	}

	static String functionCall() {
		return "{\"id\":\"fc_up1\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":"
				+ "\"{\\\"city\\\":\\\"Oslo\\\"}\",\"call_id\":\"call_up1\",\"name\":\"get_weather\"}";
	}

	static String completed(String... items) {
		return response("completed", String.join(",", items), USAGE);
	}

	static List<String> stream(String... texts) {
		List<String> f = new ArrayList<>();
		int seq = 0;
		String inProgress = response("in_progress", "", "null");
		f.add(ProviderScripts.frame("response.created", "{\"type\":\"response.created\",\"sequence_number\":" + seq++
				+ ",\"response\":" + inProgress + "}"));
		f.add(ProviderScripts.frame("response.output_item.added", "{\"type\":\"response.output_item.added\","
				+ "\"sequence_number\":" + seq++ + ",\"output_index\":0,\"item\":{\"id\":\"msg_up1\",\"type\":\"message\","
				+ "\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}"));
		StringBuilder all = new StringBuilder();
		for (String t : texts) {
			all.append(t);
			f.add(ProviderScripts.frame("response.output_text.delta", "{\"type\":\"response.output_text.delta\","
					+ "\"sequence_number\":" + seq++ + ",\"item_id\":\"msg_up1\",\"output_index\":0,\"content_index\":0,"
					+ "\"delta\":\"" + t + "\",\"logprobs\":[]}"));
		}
		f.add(ProviderScripts.frame("response.output_item.done", "{\"type\":\"response.output_item.done\","
				+ "\"sequence_number\":" + seq++ + ",\"output_index\":0,\"item\":" + message(all.toString()) + "}"));
		f.add(ProviderScripts.frame("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":"
				+ seq + ",\"response\":" + completed(message(all.toString())) + "}"));
		return f;
	}
}

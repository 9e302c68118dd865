package io.llmgateway.gateway.provider;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Stand-ins for Vertex AI, Azure OpenAI, Ollama, Cohere, Mistral and the Gemini API that check requests the way the services do (credentials, URL
 * scheme, required body fields) and answer with canned text, tool-call and streamed replies. A request whose body
 * declares the {@code get_weather} tool gets a tool call. {@link Misc} covers Cohere, Mistral and Gemini embeddings.
 */
final class MockProviders {

	private MockProviders() {
	}

	static boolean wantsTool(RecordedRequest r) {
		return body(r).contains("get_weather");
	}

	static String body(RecordedRequest r) {
		return r.getBody() == null ? "" : r.getBody().utf8();
	}

	static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

	static MockResponse sse(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream").body(body).build();
	}

	/** Records accepted requests for assertions. */
	abstract static class Recording extends Dispatcher {

		final BlockingQueue<RecordedRequest> accepted = new LinkedBlockingQueue<>();

		@Override
		public final MockResponse dispatch(RecordedRequest request) {
			MockResponse rejection = check(request);
			if (rejection != null) {
				return rejection;
			}
			accepted.add(request);
			return answer(request);
		}

		abstract MockResponse check(RecordedRequest request);

		abstract MockResponse answer(RecordedRequest request);
	}

	/** Vertex AI: bearer token must be one the fake token endpoint issued; Claude bodies must carry anthropic_version. */
	static final class Vertex extends Recording {

		private final Predicate<String> validToken;

		Vertex(Predicate<String> validToken) {
			this.validToken = validToken;
		}

		@Override
		MockResponse check(RecordedRequest r) {
			String auth = r.getHeaders().get("Authorization");
			if (auth == null || !auth.startsWith("Bearer ") || !validToken.test(auth.substring(7))) {
				return json(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\","
						+ "\"status\":\"UNAUTHENTICATED\"}}");
			}
			String path = r.getUrl().encodedPath();
			if (!path.startsWith("/v1/projects/test-project/locations/us-east5/publishers/")) {
				return json(404, "{\"error\":{\"code\":404,\"message\":\"Not found\",\"status\":\"NOT_FOUND\"}}");
			}
			if (path.contains("/publishers/anthropic/")) {
				String body = body(r);
				if (!body.contains("\"anthropic_version\":\"vertex-2023-10-16\"") || body.contains("\"model\"")) {
					return json(400, "{\"error\":{\"code\":400,\"message\":\"anthropic_version: vertex-2023-10-16 required;"
							+ " model must be in the URL\",\"status\":\"INVALID_ARGUMENT\"}}");
				}
			}
			return null;
		}

		@Override
		MockResponse answer(RecordedRequest r) {
			String path = r.getUrl().encodedPath();
			boolean tool = wantsTool(r);
			if (path.endsWith(":predict")) {
				return json(200, "{\"predictions\":[{\"embeddings\":{\"values\":[0.25,0.5],\"statistics\":{\"token_count\":7}}}]}");
			}
			if (path.contains("/publishers/anthropic/")) {
				if (path.endsWith(":streamRawPredict")) {
					return sse(tool ? ClaudeReplies.STREAM_TOOL : ClaudeReplies.STREAM_TEXT);
				}
				return json(200, tool ? ClaudeReplies.TOOL : ClaudeReplies.TEXT);
			}
			if (path.endsWith(":streamGenerateContent")) {
				return sse(tool ? GeminiReplies.STREAM_TOOL : GeminiReplies.STREAM_TEXT);
			}
			return json(200, tool ? GeminiReplies.TOOL : GeminiReplies.TEXT);
		}
	}

	/** Azure OpenAI: api-key header and api-version query parameter as the service requires them. */
	static final class Azure extends Recording {

		private final String apiKey;

		private final String apiVersion;

		Azure(String apiKey, String apiVersion) {
			this.apiKey = apiKey;
			this.apiVersion = apiVersion;
		}

		@Override
		MockResponse check(RecordedRequest r) {
			if (!apiKey.equals(r.getHeaders().get("api-key"))) {
				return json(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or wrong API endpoint.\"}}");
			}
			HttpUrl url = r.getUrl();
			if (!apiVersion.equals(url.queryParameter("api-version"))) {
				return json(404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}");
			}
			if (!url.encodedPath().startsWith("/openai/deployments/")) {
				return json(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource does not exist.\"}}");
			}
			if (body(r).contains("forbidden topic")) {
				return json(400, """
						{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
						 "type":null,"param":"prompt","code":"content_filter","status":400,
						 "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"high"}}}}}""");
			}
			return null;
		}

		@Override
		MockResponse answer(RecordedRequest r) {
			String path = r.getUrl().encodedPath();
			if (path.endsWith("/embeddings")) {
				return json(200, """
						{"object":"list","model":"text-embedding-3-small","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2,0.3]}],
						 "usage":{"prompt_tokens":4,"total_tokens":4}}""");
			}
			boolean stream = body(r).contains("\"stream\":true");
			boolean tool = wantsTool(r);
			if (stream) {
				return sse(tool ? OpenAiReplies.AZURE_STREAM_TOOL : OpenAiReplies.AZURE_STREAM_TEXT);
			}
			return json(200, tool ? OpenAiReplies.TOOL : OpenAiReplies.TEXT);
		}
	}

	/** Ollama: native /api/chat, NDJSON when streaming. */
	static final class Ollama extends Recording {

		@Override
		MockResponse check(RecordedRequest r) {
			String path = r.getUrl().encodedPath();
			if (!path.equals("/api/chat") && !path.equals("/api/embed")) {
				return new MockResponse.Builder().code(404).body("404 page not found").build();
			}
			return null;
		}

		@Override
		MockResponse answer(RecordedRequest r) {
			if (r.getUrl().encodedPath().equals("/api/embed")) {
				return json(200, "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.5,0.25]],\"prompt_eval_count\":3}");
			}
			boolean stream = !body(r).contains("\"stream\":false");
			boolean tool = wantsTool(r);
			if (stream) {
				String ndjson = String.join("\n", tool ? OllamaReplies.STREAM_TOOL : OllamaReplies.STREAM_TEXT) + "\n";
				return new MockResponse.Builder().code(200)
					.addHeader("Content-Type", "application/x-ndjson")
					.body(ndjson)
					.build();
			}
			return json(200, tool ? OllamaReplies.TOOL : OllamaReplies.TEXT);
		}
	}

	/**
	 * Cohere (bearer key, {@code /v2/chat}), Mistral (bearer key; every tool-call id must be nine alphanumerics, else
	 * Mistral's flat 422) and the Gemini API's {@code batchEmbedContents} ({@code x-goog-api-key}) on one server.
	 */
	static final class Misc extends Recording {

		private static final java.util.regex.Pattern MISTRAL_ID = java.util.regex.Pattern.compile("^[a-zA-Z0-9]{9}$");

		@Override
		MockResponse check(RecordedRequest r) {
			String path = r.getUrl().encodedPath();
			String auth = r.getHeaders().get("Authorization");
			if (path.equals("/v2/chat")) {
				return "Bearer cohere-key".equals(auth) ? null : json(498, "{\"message\":\"invalid api token\"}");
			}
			if (path.equals("/mistral/v1/chat/completions")) {
				if (!"Bearer mistral-key".equals(auth)) {
					return json(401, "{\"message\":\"Unauthorized\",\"request_id\":\"x\"}");
				}
				tools.jackson.databind.JsonNode body = io.llmgateway.translate.mapping.Json.MAPPER
					.readTree(body(r));
				for (tools.jackson.databind.JsonNode m : body.path("messages")) {
					for (tools.jackson.databind.JsonNode c : m.path("tool_calls")) {
						if (!MISTRAL_ID.matcher(c.path("id").asString("")).matches()) {
							return mistralIdError();
						}
					}
					if (m.has("tool_call_id") && !MISTRAL_ID.matcher(m.path("tool_call_id").asString("")).matches()) {
						return mistralIdError();
					}
				}
				return null;
			}
			if (path.equals("/v1beta/models/gemini-embedding-001:batchEmbedContents")) {
				return "gem-key".equals(r.getHeaders().get("x-goog-api-key")) ? null
						: json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\"}}");
			}
			return json(404, "{\"message\":\"not found\"}");
		}

		private static MockResponse mistralIdError() {
			return json(422, "{\"object\":\"error\",\"message\":\"Tool call id was invalid but must be a-z, A-Z, 0-9, with a length of 9.\","
					+ "\"type\":\"invalid_request_message_order\",\"param\":null,\"code\":null}");
		}

		@Override
		MockResponse answer(RecordedRequest r) {
			String path = r.getUrl().encodedPath();
			if (path.equals("/v2/chat")) {
				if (body(r).contains("\"stream\":true")) {
					return sse(CohereReplies.STREAM);
				}
				return json(200, CohereReplies.TEXT);
			}
			if (path.startsWith("/mistral/")) {
				return json(200, """
						{"id":"cmpl-m1","object":"chat.completion","created":1760000000,"model":"mistral-large-latest",
						 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from Mistral"},"finish_reason":"stop"}],
						 "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""");
			}
			// one embedding per request, as the Gemini API answers
			int n = io.llmgateway.translate.mapping.Json.MAPPER.readTree(body(r)).path("requests").size();
			return json(200, "{\"embeddings\":[" + String.join(",",
					java.util.Collections.nCopies(n, "{\"values\":[0.1,0.2]}")) + "]}");
		}
	}

	static final class CohereReplies {

		static final String TEXT = """
				{"id":"c-1","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text","text":"Hello from Cohere"}]},
				 "usage":{"billed_units":{"input_tokens":5,"output_tokens":3},"tokens":{"input_tokens":50,"output_tokens":3}}}""";

		static final String STREAM = "event: message-start\ndata: {\"id\":\"c-2\",\"type\":\"message-start\",\"delta\":{\"message\":{\"role\":\"assistant\"}}}\n\n"
				+ "event: content-start\ndata: {\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}\n\n"
				+ "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hello from \"}}}}\n\n"
				+ "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Cohere\"}}}}\n\n"
				+ "event: content-end\ndata: {\"type\":\"content-end\",\"index\":0}\n\n"
				+ "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\",\"usage\":{\"billed_units\":{\"input_tokens\":5,\"output_tokens\":3},\"tokens\":{\"input_tokens\":50,\"output_tokens\":3}}}}\n\n";
	}

	static final class ClaudeReplies {

		static final String TEXT = """
				{"id":"msg_vrtx_1","type":"message","role":"assistant","model":"claude-sonnet-4@20250514",
				 "content":[{"type":"text","text":"Hello from Claude on Vertex"}],"stop_reason":"end_turn","stop_sequence":null,
				 "usage":{"input_tokens":11,"output_tokens":6}}""";

		static final String TOOL = """
				{"id":"msg_vrtx_2","type":"message","role":"assistant","model":"claude-sonnet-4@20250514",
				 "content":[{"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Oslo"}}],
				 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":9}}""";

		static final String STREAM_TEXT = events(
				"message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_vrtx_3\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4@20250514\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}",
				"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
				"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello from \"}}",
				"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Claude on Vertex\"}}",
				"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
				"message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}",
				"message_stop", "{\"type\":\"message_stop\"}");

		static final String STREAM_TOOL = events(
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
				sb.append("event: ").append(pairs[i]).append('\n').append("data: ").append(pairs[i + 1]).append("\n\n");
			}
			return sb.toString();
		}
	}

	static final class GeminiReplies {

		static final String TEXT = """
				{"candidates":[{"content":{"role":"model","parts":[{"text":"Hello from Gemini on Vertex"}]},"finishReason":"STOP","index":0}],
				 "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":5,"totalTokenCount":13},"modelVersion":"gemini-2.5-flash","responseId":"r1"}""";

		static final String TOOL = """
				{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}}]},"finishReason":"STOP","index":0}],
				 "usageMetadata":{"promptTokenCount":15,"candidatesTokenCount":5,"totalTokenCount":20},"modelVersion":"gemini-2.5-flash","responseId":"r2"}""";

		static final String STREAM_TEXT = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hello from \"}]},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":2,\"totalTokenCount\":10},\"responseId\":\"r3\"}\r\n\r\n"
				+ "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Gemini on Vertex\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":5,\"totalTokenCount\":13},\"responseId\":\"r3\"}\r\n\r\n";

		static final String STREAM_TOOL = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":15,\"candidatesTokenCount\":5,\"totalTokenCount\":20},\"responseId\":\"r4\"}\r\n\r\n";
	}

	static final class OpenAiReplies {

		static final String TEXT = """
				{"id":"chatcmpl-az1","object":"chat.completion","created":1760000000,"model":"gpt-4o-2024-08-06",
				 "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],
				 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from Azure"},"finish_reason":"stop",
				   "content_filter_results":{}}],
				 "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}""";

		static final String TOOL = """
				{"id":"chatcmpl-az2","object":"chat.completion","created":1760000000,"model":"gpt-4o-2024-08-06",
				 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_az1","type":"function",
				   "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},"finish_reason":"tool_calls"}],
				 "usage":{"prompt_tokens":20,"completion_tokens":8,"total_tokens":28}}""";

		/** Azure streams open with an empty-choices chunk carrying only prompt_filter_results. */
		static final String AZURE_FIRST = "data: {\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}\n\n";

		static final String AZURE_STREAM_TEXT = AZURE_FIRST
				+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
				+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello from \"},\"finish_reason\":null}]}\n\n"
				+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Azure\"},\"finish_reason\":null}]}\n\n"
				+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
				+ "data: {\"id\":\"chatcmpl-az3\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}\n\n"
				+ "data: [DONE]\n\n";

		static final String AZURE_STREAM_TOOL = AZURE_FIRST
				+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_az2\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
				+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}\n\n"
				+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]},\"finish_reason\":null}]}\n\n"
				+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
				+ "data: {\"id\":\"chatcmpl-az4\",\"object\":\"chat.completion.chunk\",\"created\":1760000001,\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":8,\"total_tokens\":28}}\n\n"
				+ "data: [DONE]\n\n";
	}

	static final class OllamaReplies {

		static final String TEXT = "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello from Ollama\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":4}";

		static final String TOOL = "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}}]},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":15,\"eval_count\":6}";

		static final List<String> STREAM_TEXT = List.of(
				"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hello from \"},\"done\":false}",
				"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Ollama\"},\"done\":false}",
				"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":7,\"eval_count\":4}");

		static final List<String> STREAM_TOOL = List.of(
				"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}}]},\"done\":false}",
				"{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":15,\"eval_count\":6}");
	}

	static final class BedrockReplies {

		static final String TEXT = """
				{"output":{"message":{"role":"assistant","content":[{"text":"Hello from Bedrock"}]}},"stopReason":"end_turn",
				 "usage":{"inputTokens":10,"outputTokens":4,"totalTokens":14},"metrics":{"latencyMs":100}}""";

		static final String TOOL = """
				{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_b1","name":"get_weather","input":{"city":"Oslo"}}}]}},
				 "stopReason":"tool_use","usage":{"inputTokens":20,"outputTokens":9,"totalTokens":29},"metrics":{"latencyMs":100}}""";

		static final List<String[]> STREAM_TEXT = List.of(new String[] { "messageStart", "{\"role\":\"assistant\"}" },
				new String[] { "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello from \"}}" },
				new String[] { "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Bedrock\"}}" },
				new String[] { "contentBlockStop", "{\"contentBlockIndex\":0}" },
				new String[] { "messageStop", "{\"stopReason\":\"end_turn\"}" },
				new String[] { "metadata", "{\"usage\":{\"inputTokens\":10,\"outputTokens\":4,\"totalTokens\":14},\"metrics\":{\"latencyMs\":90}}" });

		static final List<String[]> STREAM_TOOL = List.of(new String[] { "messageStart", "{\"role\":\"assistant\"}" },
				new String[] { "contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_b2\",\"name\":\"get_weather\"}}}" },
				new String[] { "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}" },
				new String[] { "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"\\\"Oslo\\\"}\"}}}" },
				new String[] { "contentBlockStop", "{\"contentBlockIndex\":0}" },
				new String[] { "messageStop", "{\"stopReason\":\"tool_use\"}" },
				new String[] { "metadata", "{\"usage\":{\"inputTokens\":20,\"outputTokens\":9,\"totalTokens\":29},\"metrics\":{\"latencyMs\":90}}" });
	}
}

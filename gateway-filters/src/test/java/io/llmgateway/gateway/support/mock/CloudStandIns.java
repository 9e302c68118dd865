package io.llmgateway.gateway.support.mock;

import java.util.Collections;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.llmgateway.gateway.support.mock.MockProvider.Behaviour;
import io.llmgateway.gateway.support.mock.MockProvider.Received;
import tools.jackson.databind.JsonNode;

/**
 * Stand-ins for Vertex AI, Azure OpenAI, Ollama, Cohere, Mistral and the Gemini API that check requests the way the
 * services do (credentials, URL scheme, required body fields) and answer with canned text, tool-call and streamed
 * replies. A request whose body declares the {@code get_weather} tool gets a tool call. Only accepted requests are
 * recorded.
 */
public final class CloudStandIns {

	private static final Pattern MISTRAL_ID = Pattern.compile("^[a-zA-Z0-9]{9}$");

	private CloudStandIns() {
	}

	public static boolean wantsTool(Received r) {
		return r.body().contains("get_weather");
	}

	static Behaviour sse(String body) {
		return Replies.raw(200, "text/event-stream", body);
	}

	/** Vertex AI: the bearer token must pass {@code validToken}; Claude bodies must carry anthropic_version. */
	public static MockProvider vertex(Predicate<String> validToken) {
		return new MockProvider().check(r -> {
			String auth = r.header("authorization");
			if (auth == null || !auth.startsWith("Bearer ") || !validToken.test(auth.substring(7))) {
				return Replies.json(401, "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication credentials.\","
						+ "\"status\":\"UNAUTHENTICATED\"}}");
			}
			String path = r.pathOnly();
			if (!path.startsWith("/v1/projects/test-project/locations/us-east5/publishers/")) {
				return Replies.json(404, "{\"error\":{\"code\":404,\"message\":\"Not found\",\"status\":\"NOT_FOUND\"}}");
			}
			if (path.contains("/publishers/anthropic/")
					&& (!r.body().contains("\"anthropic_version\":\"vertex-2023-10-16\"") || r.body().contains("\"model\""))) {
				return Replies.json(400, "{\"error\":{\"code\":400,\"message\":\"anthropic_version: vertex-2023-10-16 required;"
						+ " model must be in the URL\",\"status\":\"INVALID_ARGUMENT\"}}");
			}
			return null;
		}, MockProvider.Record.ACCEPTED).answer(r -> {
			String path = r.pathOnly();
			boolean tool = wantsTool(r);
			if (path.endsWith(":predict")) {
				return Replies.json(200, "{\"predictions\":[{\"embeddings\":{\"values\":[0.25,0.5],\"statistics\":{\"token_count\":7}}}]}");
			}
			if (path.contains("/publishers/anthropic/")) {
				if (path.endsWith(":streamRawPredict")) {
					return sse(tool ? AnthropicReplies.STREAM_TOOL : AnthropicReplies.STREAM_TEXT);
				}
				return Replies.json(200, tool ? AnthropicReplies.TOOL : AnthropicReplies.TEXT);
			}
			if (path.endsWith(":streamGenerateContent")) {
				return sse(tool ? GeminiReplies.STREAM_TOOL : GeminiReplies.STREAM_TEXT);
			}
			return Replies.json(200, tool ? GeminiReplies.TOOL : GeminiReplies.TEXT);
		});
	}

	/** Azure OpenAI: api-key header and api-version query parameter as the service requires them. */
	public static MockProvider azure(String apiKey, String apiVersion) {
		return new MockProvider().check(r -> {
			if (!apiKey.equals(r.header("api-key"))) {
				return Replies.json(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or wrong API endpoint.\"}}");
			}
			if (!apiVersion.equals(r.query("api-version"))) {
				return Replies.json(404, "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}");
			}
			if (!r.pathOnly().startsWith("/openai/deployments/")) {
				return Replies.json(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource does not exist.\"}}");
			}
			if (r.body().contains("forbidden topic")) {
				return Replies.json(400, """
						{"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
						 "type":null,"param":"prompt","code":"content_filter","status":400,
						 "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{"hate":{"filtered":true,"severity":"high"}}}}}""");
			}
			return null;
		}, MockProvider.Record.ACCEPTED).answer(r -> {
			if (r.pathOnly().endsWith("/embeddings")) {
				return Replies.json(200, """
						{"object":"list","model":"text-embedding-3-small","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2,0.3]}],
						 "usage":{"prompt_tokens":4,"total_tokens":4}}""");
			}
			boolean tool = wantsTool(r);
			if (r.body().contains("\"stream\":true")) {
				return sse(tool ? OpenAiReplies.AZURE_STREAM_TOOL : OpenAiReplies.AZURE_STREAM_TEXT);
			}
			return Replies.json(200, tool ? OpenAiReplies.AZURE_TOOL : OpenAiReplies.AZURE_TEXT);
		});
	}

	/** Ollama: native /api/chat, NDJSON when streaming; /api/embed. */
	public static MockProvider ollama() {
		return new MockProvider().check(r -> r.pathOnly().equals("/api/chat") || r.pathOnly().equals("/api/embed") ? null
				: Replies.raw(404, "text/plain", "404 page not found"), MockProvider.Record.ACCEPTED).answer(r -> {
			if (r.pathOnly().equals("/api/embed")) {
				return Replies.json(200, "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.5,0.25]],\"prompt_eval_count\":3}");
			}
			boolean tool = wantsTool(r);
			if (!r.body().contains("\"stream\":false")) {
				return Replies.ndjson(tool ? OllamaReplies.STREAM_TOOL : OllamaReplies.STREAM_TEXT);
			}
			return Replies.json(200, tool ? OllamaReplies.TOOL : OllamaReplies.TEXT);
		});
	}

	/**
	 * Cohere (bearer key, {@code /v2/chat}), Mistral (bearer key; every tool-call id must be nine alphanumerics, else
	 * Mistral's flat 422) and the Gemini API's {@code batchEmbedContents} ({@code x-goog-api-key}) on one server.
	 */
	public static MockProvider cohereMistralGemini() {
		return new MockProvider().check(CloudStandIns::checkMisc, MockProvider.Record.ACCEPTED).answer(r -> {
			String path = r.pathOnly();
			if (path.equals("/v2/chat")) {
				return r.body().contains("\"stream\":true") ? sse(CohereReplies.STREAM) : Replies.json(200, CohereReplies.TEXT);
			}
			if (path.startsWith("/mistral/")) {
				return Replies.json(200, """
						{"id":"cmpl-m1","object":"chat.completion","created":1760000000,"model":"mistral-large-latest",
						 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from Mistral"},"finish_reason":"stop"}],
						 "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""");
			}
			// one embedding per request, as the Gemini API answers
			int n = r.json().path("requests").size();
			return Replies.json(200, "{\"embeddings\":[" + String.join(",", Collections.nCopies(n, "{\"values\":[0.1,0.2]}")) + "]}");
		});
	}

	private static Behaviour checkMisc(Received r) {
		String path = r.pathOnly();
		String auth = r.header("authorization");
		if (path.equals("/v2/chat")) {
			return "Bearer cohere-key".equals(auth) ? null : Replies.json(498, "{\"message\":\"invalid api token\"}");
		}
		if (path.equals("/mistral/v1/chat/completions")) {
			if (!"Bearer mistral-key".equals(auth)) {
				return Replies.json(401, "{\"message\":\"Unauthorized\",\"request_id\":\"x\"}");
			}
			for (JsonNode m : r.json().path("messages")) {
				for (JsonNode c : m.path("tool_calls")) {
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
			return "gem-key".equals(r.header("x-goog-api-key")) ? null
					: Replies.json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\"}}");
		}
		return Replies.json(404, "{\"message\":\"not found\"}");
	}

	private static Behaviour mistralIdError() {
		return Replies.json(422, "{\"object\":\"error\",\"message\":\"Tool call id was invalid but must be a-z, A-Z, 0-9, with a length of 9.\","
				+ "\"type\":\"invalid_request_message_order\",\"param\":null,\"code\":null}");
	}
}

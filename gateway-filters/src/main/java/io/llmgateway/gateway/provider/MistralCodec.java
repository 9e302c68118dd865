package io.llmgateway.gateway.provider;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.mapping.ToolCallIds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI codec with Mistral's quirks: tool-call ids in the history must be exactly nine alphanumerics (ids from
 * other providers are rewritten deterministically, in calls and results alike, so pairs stay matched without
 * state), and error bodies are flat ({@code {"object":"error","message":...}}) rather than wrapped in {@code error}.
 */
final class MistralCodec implements UpstreamCodec {

	private final UpstreamCodec delegate;

	MistralCodec(UpstreamCodec delegate) {
		this.delegate = delegate;
	}

	@Override
	public Protocol protocol() {
		return delegate.protocol();
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		return rewriteToolIds(delegate.encodeRequest(request, options));
	}

	/** Rewrites every tool-call id of an OpenAI request body to Mistral's format; unchanged bodies are returned as is. */
	static byte[] rewriteToolIds(byte[] body) {
		JsonNode root = Json.MAPPER.readTree(body);
		boolean changed = false;
		for (JsonNode message : root.path("messages")) {
			for (JsonNode call : message.path("tool_calls")) {
				String id = Json.str(call, "id");
				String mapped = ToolCallIds.mistral(id);
				if (id != null && !id.equals(mapped)) {
					((ObjectNode) call).put("id", mapped);
					changed = true;
				}
			}
			String resultId = Json.str(message, "tool_call_id");
			if (resultId != null && !resultId.equals(ToolCallIds.mistral(resultId))) {
				((ObjectNode) message).put("tool_call_id", ToolCallIds.mistral(resultId));
				changed = true;
			}
		}
		return changed ? Json.write(root) : body;
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return delegate.decodeResponse(body);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body, ChatRequest request) {
		return delegate.decodeResponse(body, request);
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return delegate.newStreamDecoder();
	}

	@Override
	public StreamDecoder newStreamDecoder(ChatRequest request) {
		return delegate.newStreamDecoder(request);
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		if (isFlat(body)) {
			return Errors.errorForStatus(status, "mistral", Errors.errorMessage(body));
		}
		return delegate.decodeError(status, body);
	}

	private static boolean isFlat(byte[] body) {
		if (body == null || body.length == 0 || body[0] != '{') {
			return false;
		}
		try {
			JsonNode root = Json.MAPPER.readTree(body);
			return !root.has("error") && (root.has("message") || root.has("detail"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}
}

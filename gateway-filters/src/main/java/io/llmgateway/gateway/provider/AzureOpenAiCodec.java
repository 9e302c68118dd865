package io.llmgateway.gateway.provider;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI codec with Azure's error dialect: a prompt refused by Azure's content filter (HTTP 400,
 * {@code error.code: content_filter}, {@code innererror.code: ResponsibleAIPolicyViolation}) becomes a
 * content-policy error with code {@code content_filter}, so clients can tell it from a malformed request; streams
 * skip Azure's content-filter annotation chunks ({@link AzureStreamDecoder}).
 */
final class AzureOpenAiCodec implements UpstreamCodec {

	private final UpstreamCodec delegate;

	AzureOpenAiCodec(UpstreamCodec delegate) {
		this.delegate = delegate;
	}

	@Override
	public Protocol protocol() {
		return delegate.protocol();
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		return delegate.encodeRequest(request, options);
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
		return new AzureStreamDecoder();
	}

	@Override
	public StreamDecoder newStreamDecoder(ChatRequest request) {
		return new AzureStreamDecoder();
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		LlmError error = delegate.decodeError(status, body);
		if (isContentFilter(body)) {
			String message = Errors.errorMessage(body);
			return new LlmError(400, ErrorType.CONTENT_POLICY, "content_filter",
					"[azure] " + (message == null ? "The prompt was filtered by Azure's content management policy."
							: message),
					error.param(), null);
		}
		return error;
	}

	static boolean isContentFilter(byte[] body) {
		if (body == null || body.length == 0 || body[0] != '{') {
			return false;
		}
		try {
			JsonNode err = Json.MAPPER.readTree(body).path("error");
			return "content_filter".equals(Json.str(err, "code"))
					|| "ResponsibleAIPolicyViolation".equals(Json.str(err.path("innererror"), "code"));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}
}

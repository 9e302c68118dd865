package io.llmgateway.translate.anthropic;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;

/**
 * The Anthropic Messages client side ({@code POST /v1/messages}): parses requests, writes messages, streams and
 * errors the way the Anthropic SDKs expect. Stateless and thread-safe.
 */
public final class AnthropicClientCodec implements ClientCodec {

	/** Anthropic's status for an overloaded service; the SDKs treat it as retryable. */
	public static final int OVERLOADED_STATUS = 529;

	@Override
	public Protocol protocol() {
		return Protocol.ANTHROPIC;
	}

	@Override
	public ChatRequest decodeRequest(byte[] body) {
		return AnthropicRequestReader.read(body);
	}

	@Override
	public byte[] encodeResponse(ChatResponse response, String clientModel) {
		return AnthropicResponseWriter.write(response, clientModel);
	}

	@Override
	public StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage) {
		return new AnthropicStreamEncoder(clientModel);
	}

	@Override
	public byte[] encodeError(LlmError error) {
		return AnthropicJson.error(new StringBuilder(128), error).toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public int httpStatus(LlmError error) {
		return error.type() == ErrorType.OVERLOADED ? OVERLOADED_STATUS : error.status();
	}
}

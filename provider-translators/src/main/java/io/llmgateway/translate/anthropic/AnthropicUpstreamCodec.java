package io.llmgateway.translate.anthropic;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/**
 * The Anthropic Messages provider side ({@code POST /v1/messages}). Stateless and thread-safe; tool names renamed
 * for Anthropic are renamed back by the request-aware decode methods.
 */
public final class AnthropicUpstreamCodec implements UpstreamCodec {

	@Override
	public Protocol protocol() {
		return Protocol.ANTHROPIC;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		return AnthropicRequestWriter.write(request, options);
	}

	/**
	 * The body of {@code POST /v1/messages/count_tokens} for this request: the Messages body without the fields the
	 * count endpoint refuses ({@code max_tokens}, {@code stream}, sampling, {@code metadata}).
	 */
	public byte[] encodeCountTokens(ChatRequest request, EncodeOptions options) {
		return AnthropicRequestWriter.writeCountTokens(request, options);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return decodeResponse(body, new ChatRequest());
	}

	@Override
	public ChatResponse decodeResponse(byte[] body, ChatRequest request) {
		return AnthropicResponseReader.read(body, ToolNames.forRequest(request, ToolNames.Rule.ANTHROPIC));
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return newStreamDecoder(new ChatRequest());
	}

	@Override
	public StreamDecoder newStreamDecoder(ChatRequest request) {
		return new AnthropicStreamDecoder(ToolNames.forRequest(request, ToolNames.Rule.ANTHROPIC));
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return AnthropicErrors.decode(status, body);
	}
}

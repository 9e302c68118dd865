package io.llmgateway.translate.gemini;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.mapping.ToolNames;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/**
 * The Gemini provider side: {@code models/{model}:generateContent} and
 * {@code models/{model}:streamGenerateContent?alt=sse} (the model and the stream flag live in the URL, which the
 * provider adapter builds). Stateless and thread-safe.
 */
public final class GeminiUpstreamCodec implements UpstreamCodec {

	@Override
	public Protocol protocol() {
		return Protocol.GEMINI;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		return GeminiRequestWriter.write(request, options);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return decodeResponse(body, new ChatRequest());
	}

	@Override
	public ChatResponse decodeResponse(byte[] body, ChatRequest request) {
		return GeminiResponseReader.read(body, ToolNames.forRequest(request, ToolNames.Rule.GEMINI));
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return newStreamDecoder(new ChatRequest());
	}

	@Override
	public StreamDecoder newStreamDecoder(ChatRequest request) {
		return new GeminiStreamDecoder(ToolNames.forRequest(request, ToolNames.Rule.GEMINI));
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return GeminiErrors.decode(status, body);
	}
}

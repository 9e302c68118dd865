package io.llmgateway.translate.ollama;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/**
 * Ollama's native {@code POST /api/chat}: messages with base64 {@code images}, tool calls with object arguments,
 * sampling under {@code options}, NDJSON streaming: {@link OllamaRequestWriter}, {@link OllamaResponseReader},
 * {@link OllamaStreamDecoder}.
 */
public final class OllamaUpstreamCodec implements UpstreamCodec {

	static final String PROVIDER = "ollama";

	@Override
	public Protocol protocol() {
		return Protocol.OLLAMA;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		return OllamaRequestWriter.encode(request, options);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return OllamaResponseReader.decode(body);
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return new OllamaStreamDecoder();
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return Errors.errorForStatus(status, PROVIDER, Errors.errorMessage(body));
	}
}

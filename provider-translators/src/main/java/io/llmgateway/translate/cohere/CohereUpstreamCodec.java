package io.llmgateway.translate.cohere;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/**
 * Cohere v2 chat ({@code POST /v2/chat}): OpenAI-like messages and tools with Cohere's parameter names
 * ({@code p}, {@code k}, {@code stop_sequences}), {@code tool_choice} limited to REQUIRED/NONE, and SSE streaming
 * with typed events: {@link CohereRequestWriter}, {@link CohereResponseReader}, {@link CohereStreamDecoder}.
 */
public final class CohereUpstreamCodec implements UpstreamCodec {

	static final String PROVIDER = "cohere";

	@Override
	public Protocol protocol() {
		return Protocol.COHERE;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		return CohereRequestWriter.encode(request, options);
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return CohereResponseReader.decode(body);
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return new CohereStreamDecoder();
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		// 498 is Cohere's "invalid token"; 499 a request the caller cancelled
		int mapped = status == 498 ? 401 : status == 499 ? 408 : status;
		return Errors.errorForStatus(mapped, PROVIDER, Errors.errorMessage(body));
	}
}

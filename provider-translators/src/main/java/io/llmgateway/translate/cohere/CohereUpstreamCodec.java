package io.llmgateway.translate.cohere;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.mapping.ComposedUpstreamCodec;
import io.llmgateway.translate.model.LlmError;

/**
 * Cohere v2 chat ({@code POST /v2/chat}): OpenAI-like messages and tools with Cohere's parameter names
 * ({@code p}, {@code k}, {@code stop_sequences}), {@code tool_choice} limited to REQUIRED/NONE, and SSE streaming
 * with typed events: {@link CohereRequestWriter}, {@link CohereResponseReader}, {@link CohereStreamDecoder}.
 */
public final class CohereUpstreamCodec extends ComposedUpstreamCodec {

	static final String PROVIDER = "cohere";

	public CohereUpstreamCodec() {
		super(Protocol.COHERE, PROVIDER, CohereRequestWriter::encode, CohereResponseReader::decode,
				CohereStreamDecoder::new);
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		// 498 is Cohere's "invalid token"; 499 a request the caller cancelled
		return super.decodeError(status == 498 ? 401 : status == 499 ? 408 : status, body);
	}
}

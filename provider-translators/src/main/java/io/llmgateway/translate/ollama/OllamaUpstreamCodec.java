package io.llmgateway.translate.ollama;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.mapping.ComposedUpstreamCodec;

/**
 * Ollama's native {@code POST /api/chat}: messages with base64 {@code images}, tool calls with object arguments,
 * sampling under {@code options}, NDJSON streaming: {@link OllamaRequestWriter}, {@link OllamaResponseReader},
 * {@link OllamaStreamDecoder}.
 */
public final class OllamaUpstreamCodec extends ComposedUpstreamCodec {

	static final String PROVIDER = "ollama";

	public OllamaUpstreamCodec() {
		super(Protocol.OLLAMA, PROVIDER, OllamaRequestWriter::encode, OllamaResponseReader::decode,
				OllamaStreamDecoder::new);
	}
}

package io.llmgateway.translate.codec;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/**
 * The provider side of one protocol: serializes the canonical request for the provider and decodes its answers,
 * streams and errors. Stateless and thread-safe; per-stream state lives in the {@link StreamDecoder}.
 */
public interface UpstreamCodec {

	Protocol protocol();

	/**
	 * Serializes the canonical request once for this provider.
	 * @throws io.llmgateway.translate.model.LlmException (400) for parameters the provider cannot honour when
	 * {@link EncodeOptions#dropParams()} is false, or for shape-changing ones it can never honour
	 */
	byte[] encodeRequest(ChatRequest request, EncodeOptions options);

	ChatResponse decodeResponse(byte[] body);

	/** A fresh decoder for one response stream. */
	StreamDecoder newStreamDecoder();

	/** Maps a provider's error status and body onto the canonical error (status translated for the client). */
	LlmError decodeError(int status, byte[] body);

	/**
	 * Decodes a complete answer knowing the request it answers, so that per-request mappings (tool names renamed
	 * for the provider) are undone. Dispatchers should prefer this overload.
	 */
	default ChatResponse decodeResponse(byte[] body, ChatRequest request) {
		return decodeResponse(body);
	}

	/** A fresh stream decoder that knows the request it answers (see {@link #decodeResponse(byte[], ChatRequest)}). */
	default StreamDecoder newStreamDecoder(ChatRequest request) {
		return newStreamDecoder();
	}
}

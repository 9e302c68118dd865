package io.llmgateway.translate.codec;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/**
 * The client side of one protocol: decodes what a client sends and encodes what it gets back.
 * Implementations are stateless and thread-safe; per-stream state lives in the {@link StreamEncoder}.
 */
public interface ClientCodec {

	Protocol protocol();

	/**
	 * Parses a request body once into the canonical request.
	 * @throws io.llmgateway.translate.model.LlmException with a 400 naming the offending field
	 */
	ChatRequest decodeRequest(byte[] body);

	/** Encodes a complete answer; {@code clientModel} is the model name the client asked for. */
	byte[] encodeResponse(ChatResponse response, String clientModel);

	/** A fresh encoder for one stream. {@code includeUsage}: the client asked for usage in the stream. */
	StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage);

	/**
	 * Encodes a complete answer knowing the request it answers, for protocols that echo request fields or map
	 * request-specific tools back (Responses custom tools). Writers of answers should prefer this overload.
	 */
	default byte[] encodeResponse(ChatResponse response, String clientModel, ChatRequest request) {
		return encodeResponse(response, clientModel);
	}

	/** A fresh stream encoder that knows the request it answers (see {@link #encodeResponse(ChatResponse, String, ChatRequest)}). */
	default StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage, ChatRequest request) {
		return newStreamEncoder(clientModel, includeUsage);
	}

	/** Encodes an error body in this protocol's dialect. */
	byte[] encodeError(LlmError error);

	/**
	 * The HTTP status to answer this error with in this protocol; most errors keep {@link LlmError#status()}, but a
	 * dialect may differ (an overloaded provider is 529 for Anthropic clients, 503 for OpenAI clients).
	 */
	default int httpStatus(LlmError error) {
		return error.status();
	}
}

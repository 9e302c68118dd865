package io.llmgateway.translate.responses;

import java.nio.charset.StandardCharsets;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/**
 * The OpenAI Responses client side ({@code POST /v1/responses}): parses requests, writes {@code response} objects,
 * the Responses event stream and OpenAI-format errors. Stateless and thread-safe.
 */
public final class ResponsesClientCodec implements ClientCodec {

	@Override
	public Protocol protocol() {
		return Protocol.OPENAI_RESPONSES;
	}

	@Override
	public ChatRequest decodeRequest(byte[] body) {
		return ResponsesRequestReader.read(body);
	}

	@Override
	public byte[] encodeResponse(ChatResponse response, String clientModel) {
		return ResponsesResponseWriter.write(response, clientModel, null);
	}

	@Override
	public byte[] encodeResponse(ChatResponse response, String clientModel, ChatRequest request) {
		return ResponsesResponseWriter.write(response, clientModel, request);
	}

	@Override
	public StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage) {
		return new ResponsesStreamEncoder(clientModel, null);
	}

	@Override
	public StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage, ChatRequest request) {
		return new ResponsesStreamEncoder(clientModel, request);
	}

	/** The OpenAI error body: the Responses API answers errors exactly like Chat Completions. */
	@Override
	public byte[] encodeError(LlmError error) {
		return ResponsesJson.errorBody(new StringBuilder(128), error).toString().getBytes(StandardCharsets.UTF_8);
	}
}

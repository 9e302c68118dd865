package io.llmgateway.translate.openai;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;

/** The OpenAI Chat Completions dialect on the client side. Stateless and thread-safe. */
public final class OpenAiClientCodec implements ClientCodec {

	@Override
	public Protocol protocol() {
		return Protocol.OPENAI;
	}

	@Override
	public ChatRequest decodeRequest(byte[] body) {
		return OpenAiRequestReader.decode(body);
	}

	@Override
	public byte[] encodeResponse(ChatResponse response, String clientModel) {
		return OpenAiResponseWriter.encode(response, clientModel);
	}

	@Override
	public StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage) {
		return new OpenAiStreamEncoder(clientModel, includeUsage);
	}

	/** {@code {"error":{"message","type","param","code"}}}, all four keys present as in OpenAI's spec. */
	@Override
	public byte[] encodeError(LlmError error) {
		return OpenAiJson.errorBody(error);
	}
}

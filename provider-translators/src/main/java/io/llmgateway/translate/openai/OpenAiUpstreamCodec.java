package io.llmgateway.translate.openai;

import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.StreamDecoder;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI Chat Completions dialect on the provider side, for OpenAI and every OpenAI-compatible server. The only
 * difference between them that matters here is the name of the output limit: OpenAI's reasoning models reject
 * {@code max_tokens}, while many compatible servers only know {@code max_tokens}.
 */
public final class OpenAiUpstreamCodec implements UpstreamCodec {

	/**
	 * For api.openai.com: writes {@code max_completion_tokens}, and {@code safety_identifier} next to {@code user}
	 * for end users named in another protocol.
	 */
	public static final OpenAiUpstreamCodec OPENAI = new OpenAiUpstreamCodec("max_completion_tokens", true);

	/** For OpenAI-compatible servers (vLLM, Ollama, Groq, ...): writes {@code max_tokens}. */
	public static final OpenAiUpstreamCodec COMPATIBLE = new OpenAiUpstreamCodec("max_tokens");

	private final String maxTokensField;

	private final boolean safetyIdentifier;

	/** Without {@code safety_identifier} (Azure's API versions refuse unknown arguments). */
	public OpenAiUpstreamCodec(String maxTokensField) {
		this(maxTokensField, false);
	}

	public OpenAiUpstreamCodec(String maxTokensField, boolean safetyIdentifier) {
		this.maxTokensField = maxTokensField;
		this.safetyIdentifier = safetyIdentifier;
	}

	@Override
	public Protocol protocol() {
		return Protocol.OPENAI;
	}

	@Override
	public byte[] encodeRequest(ChatRequest request, EncodeOptions options) {
		return Json.MAPPER.writeValueAsBytes(OpenAiRequestWriter.encode(request, options, maxTokensField, safetyIdentifier));
	}

	@Override
	public ChatResponse decodeResponse(byte[] body) {
		return OpenAiResponseReader.decode(body);
	}

	@Override
	public StreamDecoder newStreamDecoder() {
		return new OpenAiStreamDecoder();
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		JsonNode root = null;
		if (body != null && body.length > 0) {
			try {
				root = Json.MAPPER.readTree(body);
			}
			catch (JacksonException ex) {
				// not JSON (an HTML page from a proxy, plain text): fall back to the status alone
			}
		}
		return OpenAiJson.decodeError(status, root, "The provider answered with HTTP status " + status + ".");
	}
}

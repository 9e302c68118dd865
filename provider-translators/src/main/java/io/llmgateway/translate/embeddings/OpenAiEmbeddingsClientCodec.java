package io.llmgateway.translate.embeddings;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.codec.StreamEncoder;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.openai.OpenAiClientCodec;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;

/**
 * The client side of {@code POST /v1/embeddings} ({@link Protocol#OPENAI_EMBEDDINGS}), so {@code LlmModel} parses
 * embeddings requests once like chat requests: the canonical request carries the model, one user message per input
 * text (what token estimators and cache keys read) and the embeddings parameters in {@link ChatRequest#extra()};
 * {@link #embeddingsRequest(ChatRequest)} rebuilds the embeddings request from it without re-reading the body.
 * Errors use OpenAI's format.
 */
public final class OpenAiEmbeddingsClientCodec implements ClientCodec {

	static final String INPUT = "input";

	static final String ENCODING_FORMAT = "encoding_format";

	static final String DIMENSIONS = "dimensions";

	static final String USER = "user";

	static final String INPUT_TYPE = "input_type";

	private final ClientCodec openAi = new OpenAiClientCodec();

	@Override
	public Protocol protocol() {
		return Protocol.OPENAI_EMBEDDINGS;
	}

	@Override
	public ChatRequest decodeRequest(byte[] body) {
		EmbeddingsRequest embeddings = OpenAiEmbeddings.decodeRequest(body);
		ChatRequest request = new ChatRequest().model(embeddings.model());
		request.clientProtocol(Protocol.OPENAI_EMBEDDINGS);
		for (String text : embeddings.inputs()) {
			request.messages().add(Message.text(Role.USER, text));
		}
		request.extra().put(INPUT, embeddings.rawInput());
		request.extra().put(ENCODING_FORMAT, Json.NODES.stringNode(embeddings.encodingFormat()));
		if (embeddings.dimensions() != null) {
			request.extra().put(DIMENSIONS, Json.NODES.numberNode(embeddings.dimensions()));
		}
		if (embeddings.user() != null) {
			request.user(embeddings.user());
			request.extra().put(USER, Json.NODES.stringNode(embeddings.user()));
		}
		if (embeddings.inputType() != null) {
			request.extra().put(INPUT_TYPE, Json.NODES.stringNode(embeddings.inputType()));
		}
		return request;
	}

	/** The embeddings request carried by a canonical request this codec decoded. */
	public static EmbeddingsRequest embeddingsRequest(ChatRequest request) {
		List<String> inputs = new ArrayList<>();
		JsonNode raw = request.extra().get(INPUT);
		boolean tokens = raw != null && raw.isArray() && !raw.isEmpty() && !raw.get(0).isString();
		if (!tokens) {
			for (Message m : request.messages()) {
				inputs.add(m.joinedText());
			}
		}
		JsonNode format = request.extra().get(ENCODING_FORMAT);
		JsonNode dims = request.extra().get(DIMENSIONS);
		JsonNode type = request.extra().get(INPUT_TYPE);
		return new EmbeddingsRequest(request.model(), inputs, raw, format == null ? "float" : format.asString(),
				dims == null ? null : dims.intValue(), request.user(), type == null ? null : type.asString());
	}

	@Override
	public byte[] encodeResponse(ChatResponse response, String clientModel) {
		// only reached if a chat answer is replayed on an embeddings route (e.g. a misconfigured cache): OpenAI's shape
		return openAi.encodeResponse(response, clientModel);
	}

	@Override
	public StreamEncoder newStreamEncoder(String clientModel, boolean includeUsage) {
		return openAi.newStreamEncoder(clientModel, includeUsage);
	}

	@Override
	public byte[] encodeError(LlmError error) {
		return openAi.encodeError(error);
	}

	@Override
	public int httpStatus(LlmError error) {
		return openAi.httpStatus(error);
	}
}

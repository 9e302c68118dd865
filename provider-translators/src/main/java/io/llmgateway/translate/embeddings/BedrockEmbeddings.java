package io.llmgateway.translate.embeddings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.bedrock.BedrockUpstreamCodec;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bedrock {@code InvokeModel} bodies for embedding models: Amazon Titan ({@code inputText}, one input per call,
 * {@code inputTextTokenCount}) and Cohere Embed ({@code texts}, up to 96 per call; Bedrock reports its tokens in the
 * {@code X-Amzn-Bedrock-Input-Token-Count} header, which the caller applies).
 */
public final class BedrockEmbeddings implements EmbeddingsCodec {

	/** The response header carrying the input tokens of an InvokeModel call. */
	public static final String INPUT_TOKEN_HEADER = "X-Amzn-Bedrock-Input-Token-Count";

	private final boolean cohere;

	public BedrockEmbeddings(String modelId) {
		this.cohere = modelId != null && modelId.toLowerCase(Locale.ROOT).contains("cohere.");
	}

	@Override
	public byte[] encodeRequest(EmbeddingsRequest request, String upstreamModel) {
		ObjectNode body = Json.object();
		if (cohere) {
			ArrayNode texts = body.putArray("texts");
			request.inputs().forEach(texts::add);
			body.put("input_type", request.inputType() != null ? request.inputType() : "search_document");
			if (request.dimensions() != null) {
				body.put("output_dimension", request.dimensions());
			}
		}
		else {
			body.put("inputText", request.inputs().get(0));
			if (request.dimensions() != null) {
				body.put("dimensions", request.dimensions());
			}
		}
		return Json.write(body);
	}

	@Override
	public EmbeddingsResponse decodeResponse(byte[] body) {
		JsonNode root = Json.readUpstream(body, "bedrock");
		List<float[]> vectors = new ArrayList<>();
		if (cohere) {
			JsonNode embeddings = root.path("embeddings");
			if (embeddings.isObject()) {
				embeddings = embeddings.path("float");
			}
			for (JsonNode e : embeddings) {
				vectors.add(OpenAiEmbeddings.floats(e));
			}
			return new EmbeddingsResponse(null, vectors, 0, true);
		}
		vectors.add(OpenAiEmbeddings.floats(root.get("embedding")));
		return new EmbeddingsResponse(null, vectors, Json.count(root, "inputTextTokenCount"),
				!root.has("inputTextTokenCount"));
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return new BedrockUpstreamCodec().decodeError(status, body);
	}

	@Override
	public int maxInputsPerCall() {
		return cohere ? 96 : 1;
	}
}

package io.llmgateway.translate.embeddings;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Cohere {@code POST /v2/embed}: float embeddings, billed input tokens from {@code meta.billed_units}. */
public final class CohereEmbeddings implements EmbeddingsCodec {

	@Override
	public byte[] encodeRequest(EmbeddingsRequest request, String upstreamModel) {
		ObjectNode body = Json.object();
		body.put("model", upstreamModel);
		ArrayNode texts = body.putArray("texts");
		request.inputs().forEach(texts::add);
		body.put("input_type", request.inputType() != null ? request.inputType() : "search_document");
		body.putArray("embedding_types").add("float");
		if (request.dimensions() != null) {
			body.put("output_dimension", request.dimensions());
		}
		return Json.write(body);
	}

	@Override
	public EmbeddingsResponse decodeResponse(byte[] body) {
		JsonNode root = Json.readUpstream(body, "cohere");
		List<float[]> vectors = new ArrayList<>();
		JsonNode embeddings = root.path("embeddings");
		if (embeddings.isObject()) {
			embeddings = embeddings.path("float");
		}
		for (JsonNode e : embeddings) {
			vectors.add(OpenAiEmbeddings.floats(e));
		}
		JsonNode billed = root.path("meta").path("billed_units");
		return new EmbeddingsResponse(null, vectors, Json.count(billed, "input_tokens"),
				!billed.has("input_tokens"));
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		int mapped = status == 498 ? 401 : status;
		return Errors.errorForStatus(mapped, "cohere", Errors.errorMessage(body));
	}

	@Override
	public int maxInputsPerCall() {
		return 96;
	}
}

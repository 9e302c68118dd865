package io.llmgateway.translate.embeddings;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Vertex AI {@code publishers/google/models/{model}:predict} for text embeddings; token counts come from each
 * prediction's {@code statistics.token_count}. {@code gemini-embedding-*} models take one instance per call.
 */
public final class VertexEmbeddings implements EmbeddingsCodec {

	private final int maxInputs;

	public VertexEmbeddings(String model) {
		this.maxInputs = model != null && model.contains("gemini-embedding") ? 1 : 250;
	}

	@Override
	public byte[] encodeRequest(EmbeddingsRequest request, String upstreamModel) {
		ObjectNode body = Json.object();
		ArrayNode instances = body.putArray("instances");
		for (String text : request.inputs()) {
			ObjectNode instance = instances.addObject().put("content", text);
			if (request.inputType() != null) {
				instance.put("task_type", request.inputType());
			}
		}
		if (request.dimensions() != null) {
			body.putObject("parameters").put("outputDimensionality", request.dimensions());
		}
		return Json.write(body);
	}

	@Override
	public EmbeddingsResponse decodeResponse(byte[] body) {
		JsonNode root = Json.readUpstream(body, "vertex");
		List<float[]> vectors = new ArrayList<>();
		long tokens = 0;
		for (JsonNode p : root.path("predictions")) {
			JsonNode e = p.path("embeddings");
			vectors.add(OpenAiEmbeddings.floats(e.get("values")));
			tokens += e.path("statistics").path("token_count").asLong(0);
		}
		return new EmbeddingsResponse(null, vectors, tokens, false);
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return Errors.errorForStatus(status, "vertex", Errors.errorMessage(body));
	}

	@Override
	public int maxInputsPerCall() {
		return maxInputs;
	}
}

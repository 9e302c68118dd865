package io.llmgateway.translate.embeddings;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.mapping.Errors;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.mapping.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Ollama's native {@code POST /api/embed}: {@code input} array in, {@code embeddings} and {@code prompt_eval_count} out. */
public final class OllamaEmbeddings implements EmbeddingsCodec {

	@Override
	public byte[] encodeRequest(EmbeddingsRequest request, String upstreamModel) {
		ObjectNode body = Json.object();
		body.put("model", upstreamModel);
		ArrayNode input = body.putArray("input");
		request.inputs().forEach(input::add);
		if (request.dimensions() != null) {
			body.put("dimensions", request.dimensions());
		}
		return Json.write(body);
	}

	@Override
	public EmbeddingsResponse decodeResponse(byte[] body) {
		JsonNode root = Json.readUpstream(body, "ollama");
		List<float[]> vectors = new ArrayList<>();
		for (JsonNode e : root.path("embeddings")) {
			vectors.add(OpenAiEmbeddings.floats(e));
		}
		return new EmbeddingsResponse(Json.str(root, "model"), vectors,
				Json.count(root, "prompt_eval_count"), !root.has("prompt_eval_count"));
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return Errors.errorForStatus(status, "ollama", Errors.errorMessage(body));
	}
}

package io.llmgateway.translate.embeddings;

import java.util.ArrayList;
import java.util.List;

import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.support.ProviderJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Ollama's native {@code POST /api/embed}: {@code input} array in, {@code embeddings} and {@code prompt_eval_count} out. */
public final class OllamaEmbeddings implements EmbeddingsCodec {

	@Override
	public byte[] encodeRequest(EmbeddingsRequest request, String upstreamModel) {
		ObjectNode body = ProviderJson.object();
		body.put("model", upstreamModel);
		ArrayNode input = body.putArray("input");
		request.inputs().forEach(input::add);
		if (request.dimensions() != null) {
			body.put("dimensions", request.dimensions());
		}
		return ProviderJson.write(body);
	}

	@Override
	public EmbeddingsResponse decodeResponse(byte[] body) {
		JsonNode root = ProviderJson.readUpstream(body, "ollama");
		List<float[]> vectors = new ArrayList<>();
		for (JsonNode e : root.path("embeddings")) {
			vectors.add(OpenAiEmbeddings.floats(e));
		}
		return new EmbeddingsResponse(ProviderJson.text(root, "model"), vectors,
				ProviderJson.longValue(root, "prompt_eval_count"), !root.has("prompt_eval_count"));
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return ProviderJson.errorForStatus(status, "ollama", ProviderJson.errorMessage(body));
	}
}

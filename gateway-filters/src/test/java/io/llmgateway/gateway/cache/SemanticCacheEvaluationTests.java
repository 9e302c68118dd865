package io.llmgateway.gateway.cache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantic cache's evaluation: the labelled pairs of {@code semantic-cache/pairs.tsv} (paraphrases that may
 * share an answer, near misses that must not: other entities, numbers, negations, languages) embedded by the
 * default in-process model. Prints precision, recall and the false hits per threshold, and fails when the default
 * threshold's precision is below 0.98. Runs on the whole set (a few seconds).
 */
class SemanticCacheEvaluationTests {

	record Pair(boolean same, String kind, String a, String b) {
	}

	/** A pair's cosine similarity and whether {@link ParaphraseGuard} lets it match. */
	record Scored(Pair pair, double similarity, boolean guardAllows) {
	}

	static final double PRECISION_TARGET = 0.98;

	@Test
	void defaultThresholdKeepsPrecisionAboveTarget() throws Exception {
		List<Pair> pairs = pairs();
		assertThat(pairs).hasSizeGreaterThanOrEqualTo(300);
		List<Scored> scored = score(pairs, new MiniLmEmbedder());
		double threshold = CacheProperties.Semantic.DEFAULTS.similarity();
		System.out.println("-- cosine similarity only");
		for (double t = 0.80; t < 0.995; t += 0.01) {
			report(scored, Math.round(t * 100) / 100.0, false, false);
		}
		System.out.println("-- cosine similarity and the paraphrase guard (what the gateway does)");
		for (double t = 0.70; t < 0.995; t += 0.01) {
			report(scored, Math.round(t * 100) / 100.0, true, false);
		}
		double precision = report(scored, threshold, true, true);
		assertThat(precision).as("precision at the default threshold %s", threshold)
			.isGreaterThanOrEqualTo(PRECISION_TARGET);
	}

	/** Prints one threshold's line (and its false hits when asked); returns its precision. */
	static double report(List<Scored> scored, double threshold, boolean guard, boolean details) {
		int tp = 0, fp = 0, fn = 0;
		List<Scored> falseHits = new ArrayList<>();
		for (Scored s : scored) {
			boolean hit = s.similarity() >= threshold && (!guard || s.guardAllows());
			if (hit && s.pair().same()) {
				tp++;
			}
			else if (hit) {
				fp++;
				falseHits.add(s);
			}
			else if (s.pair().same()) {
				fn++;
			}
		}
		double precision = tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
		double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
		System.out.printf(Locale.ROOT, "threshold %.2f  precision %.3f  recall %.3f  (hits %d, false hits %d)%s%n",
				threshold, precision, recall, tp + fp, fp, details ? "  <- default" : "");
		for (Scored s : falseHits) {
			if (details) {
				System.out.printf(Locale.ROOT, "    false hit %.3f [%s] %s | %s%n", s.similarity(), s.pair().kind(),
						s.pair().a(), s.pair().b());
			}
		}
		return precision;
	}

	static List<Scored> score(List<Pair> pairs, Embedder embedder) {
		Map<String, float[]> vectors = new HashMap<>();
		List<Scored> out = new ArrayList<>();
		for (Pair p : pairs) {
			float[] a = vectors.computeIfAbsent(p.a(), embedder::embed);
			float[] b = vectors.computeIfAbsent(p.b(), embedder::embed);
			double dot = 0;
			for (int i = 0; i < a.length; i++) {
				dot += a[i] * b[i];
			}
			out.add(new Scored(p, dot, ParaphraseGuard.compatible(p.a(), p.b())));
		}
		return out;
	}

	static List<Pair> pairs() throws Exception {
		List<Pair> out = new ArrayList<>();
		try (BufferedReader in = new BufferedReader(new InputStreamReader(
				SemanticCacheEvaluationTests.class.getResourceAsStream("/semantic-cache/pairs.tsv"),
				StandardCharsets.UTF_8))) {
			for (String line; (line = in.readLine()) != null;) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] f = line.split("\t");
				out.add(new Pair("1".equals(f[0]), f[1], f[2], f[3]));
			}
		}
		return out;
	}
}

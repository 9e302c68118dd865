package io.llmgateway.gateway.cache;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * What the semantic stage costs per request: embedding a 1 KB prompt with the in-process model, and the
 * brute-force search of a full scope (with the paraphrase guard on the candidates). Not a test: run it with
 * {@code bench/semantic-cache-bench.sh}, which pins the JVM to one core. Prints wall-clock percentiles, the
 * percentiles of the embedding thread's CPU time (the model runs on the calling thread alone, so this is its cost on
 * one core, and the fair figure on a shared, loaded machine where wall clock mostly measures waiting for a core) and
 * the process CPU time per operation (with JIT and GC).
 * <p>
 * Arguments: {@code iterations entriesPerScope} (default {@code 200 2000}).
 */
public final class SemanticCacheCostBench {

	public static void main(String[] args) {
		int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		int entries = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
		String prompt = prompt(1024);
		long t0 = System.nanoTime();
		MiniLmEmbedder embedder = new MiniLmEmbedder();
		System.out.printf(Locale.ROOT, "model load: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
		for (int i = 0; i < 20; i++) {
			embedder.embed(prompt + i);
		}
		long[] wall = new long[iterations];
		long[] thread = new long[iterations];
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long cpu0 = cpu();
		for (int i = 0; i < iterations; i++) {
			long s = System.nanoTime();
			long c = threads.getCurrentThreadCpuTime();
			embedder.embed(prompt + " #" + i);
			thread[i] = threads.getCurrentThreadCpuTime() - c;
			wall[i] = System.nanoTime() - s;
		}
		report("embed 1KB prompt: wall clock (process cpu per op at the end)", wall, cpu() - cpu0);
		report("embed 1KB prompt: cpu time of the embedding thread", thread, -1);
		String question = "How long can I still return an item that arrived damaged? #";
		for (int i = 0; i < iterations; i++) {
			long c = threads.getCurrentThreadCpuTime();
			embedder.embed(question + i);
			thread[i] = threads.getCurrentThreadCpuTime() - c;
		}
		report("embed a 60-byte question: cpu time of the embedding thread", thread, -1);
		Embedder.Embedding leading = embedder.embedLeading(prompt);
		System.out.printf(Locale.ROOT, "1KB prompt: %d of %d characters inside the model's window of %d word pieces%n",
				leading.coveredChars(), prompt.length(), MiniLmEmbedder.WINDOW);
		for (int window : new int[] { 96, 64 }) {
			MiniLmEmbedder shorter = new MiniLmEmbedder(window);
			for (int i = 0; i < iterations; i++) {
				long c = threads.getCurrentThreadCpuTime();
				shorter.embed(prompt + " #" + i);
				thread[i] = threads.getCurrentThreadCpuTime() - c;
			}
			report("embed 1KB prompt, window " + window + " word pieces: cpu time", thread, -1);
		}

		SemanticIndex index = new SemanticIndex(entries * 2, entries);
		Random random = new Random(42);
		long expires = System.currentTimeMillis() + 3_600_000;
		for (int i = 0; i < entries; i++) {
			index.add(new SemanticIndex.Entry("e" + i, "scope", "ns:" + i, "stored question number " + i,
					randomUnit(random, 384), 0, expires));
		}
		float[] query = embedder.embed(prompt);
		ParaphraseGuard.Features asked = ParaphraseGuard.features(prompt);
		int searches = iterations * 20;
		long[] search = new long[searches];
		cpu0 = cpu();
		for (int i = 0; i < searches; i++) {
			long s = System.nanoTime();
			index.nearest("scope", query, 0.0,
					e -> ParaphraseGuard.compatible(asked, ParaphraseGuard.features(e.text())));
			search[i] = System.nanoTime() - s;
		}
		report("search " + entries + " entries (threshold 0: every entry is a candidate)", search, cpu() - cpu0);
		for (int i = 0; i < searches; i++) {
			long s = System.nanoTime();
			index.nearest("scope", query, 0.9, e -> true);
			search[i] = System.nanoTime() - s;
		}
		report("search " + entries + " entries (threshold 0.9)", search, -1);
	}

	static String prompt(int bytes) {
		String sentence = "Our support team needs a short answer about the refund policy for annual plans bought "
				+ "through a reseller in another country, including taxes and the time limits that apply. ";
		StringBuilder sb = new StringBuilder();
		while (sb.length() < bytes) {
			sb.append(sentence);
		}
		return sb.substring(0, bytes);
	}

	static float[] randomUnit(Random random, int dim) {
		float[] v = new float[dim];
		for (int i = 0; i < dim; i++) {
			v[i] = (float) random.nextGaussian();
		}
		return Embedder.normalize(v);
	}

	static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	static void report(String what, long[] nanos, long cpuNanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf(Locale.ROOT, "%-70s p50 %8.3f ms  p90 %8.3f ms  p99 %8.3f ms%s%n", what,
				sorted[sorted.length / 2] / 1e6, sorted[sorted.length * 9 / 10] / 1e6,
				sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)] / 1e6,
				cpuNanos < 0 ? "" : String.format(Locale.ROOT, "  cpu %.3f ms/op", cpuNanos / 1e6 / nanos.length));
	}
}

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
		MiniLmEmbedder full = new MiniLmEmbedder(MiniLmEmbedder.MODEL_WINDOW);
		Embedder before = new Langchain4jPath();
		Embedder[] variants = { before, full, embedder };
		String[] names = { "langchain4j's path (before), 128 word pieces", "direct path, 128 word pieces",
				"direct path, " + MiniLmEmbedder.WINDOW + " word pieces (what the gateway runs)" };
		for (int i = 0; i < 20; i++) {
			for (Embedder e : variants) {
				e.embed(prompt + i);
			}
		}
		// interleaved, so that each variant sees the same machine load
		long[][] thread = new long[variants.length][iterations];
		long[] wall = new long[iterations];
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		for (int i = 0; i < iterations; i++) {
			for (int v = 0; v < variants.length; v++) {
				long s = System.nanoTime();
				long c = threads.getCurrentThreadCpuTime();
				variants[v].embed(prompt + " #" + i);
				thread[v][i] = threads.getCurrentThreadCpuTime() - c;
				if (v == variants.length - 1) {
					wall[i] = System.nanoTime() - s;
				}
			}
		}
		for (int v = 0; v < variants.length; v++) {
			report("embed 1KB prompt, " + names[v] + ": thread cpu", thread[v], -1);
		}
		report("embed 1KB prompt, " + names[2] + ": wall clock", wall, -1);
		String question = "How long can I still return an item that arrived damaged? #";
		long[] q = new long[iterations];
		for (int i = 0; i < iterations; i++) {
			long c = threads.getCurrentThreadCpuTime();
			embedder.embed(question + i);
			q[i] = threads.getCurrentThreadCpuTime() - c;
		}
		report("embed a 60-byte question: thread cpu", q, -1);
		System.out.printf(Locale.ROOT, "1KB prompt: %d of %d characters embedded (%d word pieces)%n",
				embedder.embedLeading(prompt).coveredChars(), prompt.length(), MiniLmEmbedder.WINDOW);

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
		long cpu0 = cpu();
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

	/** How the gateway embedded before: the artifact's encoder (three tokenizations) with the same session options. */
	static final class Langchain4jPath implements Embedder {

		private final Model model;

		Langchain4jPath() {
			ClassLoader loader = dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel.class
				.getClassLoader();
			try (java.io.InputStream onnx = loader.getResourceAsStream("all-minilm-l6-v2-q.onnx");
					java.io.InputStream tokenizer = loader.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json");
					ai.onnxruntime.OrtSession.SessionOptions options = new ai.onnxruntime.OrtSession.SessionOptions()) {
				options.setIntraOpNumThreads(1);
				options.setInterOpNumThreads(1);
				options.setExecutionMode(ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
				options.addConfigEntry("session.intra_op.allow_spinning", "0");
				options.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT);
				ai.onnxruntime.OrtEnvironment environment = ai.onnxruntime.OrtEnvironment.getEnvironment();
				this.model = new Model(new dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder(environment,
						environment.createSession(onnx.readAllBytes(), options), tokenizer,
						dev.langchain4j.model.embedding.onnx.PoolingMode.MEAN));
			}
			catch (java.io.IOException | ai.onnxruntime.OrtException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public float[] embed(String text) {
			return Embedder.normalize(model.embed(text).content().vector());
		}

		@Override
		public String name() {
			return "langchain4j";
		}

		private static final class Model extends dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel {

			private final dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder encoder;

			Model(dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder encoder) {
				super(Runnable::run);
				this.encoder = encoder;
			}

			@Override
			protected dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder model() {
				return encoder;
			}

			@Override
			protected Integer knownDimension() {
				return 384;
			}
		}
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

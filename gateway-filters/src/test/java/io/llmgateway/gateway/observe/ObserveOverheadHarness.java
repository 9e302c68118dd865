package io.llmgateway.gateway.observe;

import java.math.BigDecimal;

import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.translate.model.Usage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Cost of observability per request on the completing thread: a {@code main}, not a test (docs/benchmarks.md).
 * Measures creating and completing a context with no listener (baseline), with the meters, and with meters plus the
 * access-log record (serialised and redacted, not written, so that the console does not dominate). Each figure is
 * nanoseconds and bytes allocated per request on the measuring thread.
 */
public final class ObserveOverheadHarness {

	private ObserveOverheadHarness() {
	}

	public static void main(String[] args) {
		int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		LlmMeters meters = new LlmMeters(registry, new BoundedTagValues(100), false);
		LlmObserveInitializer metersOnly = new LlmObserveInitializer(meters, null, null, null, null);
		Deployment d = TestExchanges.deployment("gpt-4o", "openai", "gpt-4o-2024-08-06", "gpt-4o#0");
		ModelGroup group = TestExchanges.group(d);
		long sink = 0;
		for (int round = 0; round < 3; round++) {
			long b0 = allocated();
			long base = run(n, null, group, d);
			long baseBytes = (allocated() - b0) / n;
			b0 = allocated();
			long withMeters = run(n, metersOnly, group, d);
			long metersBytes = (allocated() - b0) / n;
			b0 = allocated();
			long t0 = System.nanoTime();
			for (int i = 0; i < n; i++) {
				LlmExchange llm = finished(group, d);
				sink += RequestRecord.line(llm, RequestSummary.of(llm), false, null).length();
			}
			long withRecord = (System.nanoTime() - t0) / n;
			long recordBytes = (allocated() - b0) / n;
			System.out.printf("round %d: context only %d ns %d B, meters +%d ns +%d B, access-log record +%d ns +%d B%n",
					round, base, baseBytes, withMeters - base, metersBytes - baseBytes, withRecord - base,
					recordBytes - baseBytes);
		}
		System.out.println("(sink " + sink + ")");
	}

	private static long allocated() {
		return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
			.getCurrentThreadAllocatedBytes();
	}

	private static long run(int n, LlmObserveInitializer observe, ModelGroup group, Deployment d) {
		long t0 = System.nanoTime();
		for (int i = 0; i < n; i++) {
			LlmExchange llm = TestExchanges.chat("r", "gpt-4o", false);
			if (observe != null) {
				observe.initialize(llm, null);
			}
			fill(llm, group, d);
			llm.complete(Completion.SUCCESS);
		}
		return (System.nanoTime() - t0) / n;
	}

	private static LlmExchange finished(ModelGroup group, Deployment d) {
		LlmExchange llm = TestExchanges.chat("r", "gpt-4o", false);
		fill(llm, group, d);
		llm.complete(Completion.SUCCESS);
		return llm;
	}

	private static void fill(LlmExchange llm, ModelGroup group, Deployment d) {
		llm.group(group);
		llm.deployment(d);
		long now = System.nanoTime();
		llm.addAttempt(new Attempt(d, now, now + 1_000_000, 200, null));
		llm.status(200);
		llm.usage(new Usage(100, 50, 0, 0, 0));
		llm.cost(new BigDecimal("0.00123"));
		llm.cacheStatus(CacheStatus.MISS);
	}
}

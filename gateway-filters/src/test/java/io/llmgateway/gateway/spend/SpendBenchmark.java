package io.llmgateway.gateway.spend;

import io.llmgateway.gateway.spend.budget.BudgetDecision;
import io.llmgateway.gateway.spend.budget.BudgetTracker;
import io.llmgateway.gateway.spend.budget.HoldEstimator;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.gateway.support.PostgresSchema;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The LlmSpend filter's benchmark (run by {@code bench/spend.sh filter ITERATIONS}, not by the test suite):
 * nanoseconds the filter and its completion listener add per request. The ledger's are in
 * {@code spend.ledger.LedgerBenchmark}.
 */
public final class SpendBenchmark {

	private SpendBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		filter(args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000, args.length > 2 && args[2].equals("work"));
		System.exit(0);
	}

	/** @param workOnly only the spend work, without the mock exchanges (slow to build on a loaded machine) */
	static void filter(int iterations, boolean workOnly) {
		Deployment d = SpendFixtures.deployment("gpt-4o", "openai", "gpt-4o");
		ModelGroup group = new ModelGroup("gpt-4o", List.of(d));
		BudgetTracker budgets = new BudgetTracker(
				List.of(new LlmSpendProperties.Budget("team", "*", new BigDecimal("1000000"), null, "monthly").toRule(0)),
				new BigDecimal("0.8"), Clock.systemUTC(), a -> {
				});
		SpendRecorder recorder = new SpendRecorder(SpendFixtures.catalog(), budgets, null,
				new SpendMetrics(new SimpleMeterRegistry(), null), false);
		HoldEstimator holds = new HoldEstimator(SpendFixtures.catalog(), TokenEstimator.standard(), 256);
		GatewayFilter filter = new LlmSpendGatewayFilterFactory(recorder, budgets, holds, false)
			.apply(new LlmSpendGatewayFilterFactory.Config());
		Identity caller = new Identity("k1", null, "u1", "t1", Set.of(), null,
				new Identity.Budget(new BigDecimal("1000000"), null, "1d"), Map.of(), false);
		ChatRequest request = new ChatRequest();
		request.model("gpt-4o");
		request.messages().add(Message.text(Role.USER, "hi"));
		long bestBase = Long.MAX_VALUE;
		long bestWith = Long.MAX_VALUE;
		long bestWork = Long.MAX_VALUE;
		long bytesBase = 0;
		long bytesWith = 0;
		long bytesWork = 0;
		for (int round = 0; round < 5; round++) {
			long b0 = allocated();
			if (!workOnly) {
				bestBase = Math.min(bestBase, run(iterations, request, caller, group, d, null) / iterations);
			}
			long b1 = allocated();
			if (!workOnly) {
				bestWith = Math.min(bestWith, run(iterations, request, caller, group, d, filter) / iterations);
			}
			long b2 = allocated();
			bestWork = Math.min(bestWork, spendWork(iterations, request, caller, group, d, budgets, holds, recorder) / iterations);
			long b3 = allocated();
			// bytes of the last round, when everything is compiled
			bytesBase = (b1 - b0) / iterations;
			bytesWith = (b2 - b1) / iterations;
			bytesWork = (b3 - b2) / iterations;
		}
		if (workOnly) {
			System.out.printf("filter: spend work alone (hold estimate + budget check + price + cost + budgets + metrics)"
					+ " %d ns/request (best of 5), %d B/request%n", bestWork, bytesWork);
			return;
		}
		System.out.printf("filter: mock exchange + chain %d ns/request (%d B), with LlmSpend %d ns/request (%d B)"
				+ " (best of 5); spend work alone (hold estimate + budget check + price + cost + budgets + metrics)"
				+ " %d ns/request, %d B/request%n", bestBase, bytesBase, bestWith, bytesWith, bestWork, bytesWork);
	}

	/** Bytes allocated so far by this thread. */
	private static long allocated() {
		return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
			.getCurrentThreadAllocatedBytes();
	}

	/** Only what LlmSpend does per request, without the mock exchange around it. */
	private static long spendWork(int iterations, ChatRequest request, Identity caller, ModelGroup group, Deployment d,
			BudgetTracker budgets, HoldEstimator holds, SpendRecorder recorder) {
		Usage usage = new Usage(1200, 300, 800, 0, 0);
		long start = System.nanoTime();
		for (int i = 0; i < iterations; i++) {
			LlmExchange llm = new LlmExchange("w" + i, Protocol.OPENAI, null, null, request);
			llm.identity(caller);
			llm.group(group);
			BudgetDecision decision = budgets.admit(caller, null, llm.requestId(), () -> holds.estimate(llm),
					hold -> llm.attributes().put(LlmSpendGatewayFilterFactory.HOLD, hold)).block();
			if (!decision.isAdmitted()) {
				throw new IllegalStateException("budget");
			}
			llm.deployment(d);
			llm.usage(usage);
			recorder.onComplete(llm);
		}
		return System.nanoTime() - start;
	}

	private static long run(int iterations, ChatRequest request, Identity caller, ModelGroup group, Deployment d,
			GatewayFilter filter) {
		long start = System.nanoTime();
		for (int i = 0; i < iterations; i++) {
			MockServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.post("/v1/chat/completions").build());
			LlmExchange llm = new LlmExchange("b" + i, Protocol.OPENAI, new LlmSpendFilterTests.FakeCodec(), null,
					request);
			llm.identity(caller);
			llm.group(group);
			exchange.getAttributes().put(LlmExchange.ATTRIBUTE, llm);
			Mono<Void> dispatch = Mono.fromRunnable(() -> {
				llm.deployment(d);
				llm.usage(new Usage(1200, 300, 800, 0, 0));
			});
			if (filter == null) {
				dispatch.block();
			}
			else {
				filter.filter(exchange, e -> dispatch).block();
			}
			llm.complete(Completion.SUCCESS);
		}
		return System.nanoTime() - start;
	}

}

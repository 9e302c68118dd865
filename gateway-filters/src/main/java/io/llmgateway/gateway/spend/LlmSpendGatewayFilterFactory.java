package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import io.llmgateway.gateway.core.AttributeKeys;
import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.spend.budget.BudgetHold;
import io.llmgateway.gateway.spend.budget.BudgetTracker;
import io.llmgateway.gateway.spend.budget.BudgetViolation;
import io.llmgateway.gateway.spend.budget.HoldEstimator;
import io.llmgateway.gateway.core.StreamedOutputMeter;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code LlmSpend}: checks the caller's budgets before dispatch, holding the request's estimated cost on its hard
 * budgets while it runs (an exhausted hard budget answers {@code budget_exceeded} in the client's protocol), and
 * registers the {@link SpendRecorder} that prices the request
 * and writes its ledger row when it ends. Non-streamed answers carry {@code x-llm-response-cost}, computed when the
 * response is committed from the usage the dispatcher recorded before writing the body.
 */
public class LlmSpendGatewayFilterFactory extends AbstractGatewayFilterFactory<LlmSpendGatewayFilterFactory.Config> {

	/** Response header with the cost in USD of a non-streamed answer. */
	public static final String COST_HEADER = "x-llm-response-cost";

	private static final String REGISTERED = AttributeKeys.of(LlmSpendGatewayFilterFactory.class, "registered");

	/** Attribute of the {@link LlmExchange} holding the request's {@link BudgetHold}, settled at completion. */
	static final String HOLD = AttributeKeys.of(LlmSpendGatewayFilterFactory.class, "hold");

	private static final LlmError LEDGER_FULL = LlmError
		.of(ErrorType.UNAVAILABLE, "spend_ledger_full",
				"The spend ledger cannot record more requests right now; try again later.")
		.withRetryAfter(5L);

	private final SpendRecorder recorder;

	private final BudgetTracker budgets;

	private final HoldEstimator holds;

	private final boolean storePrompts;

	private final BooleanSupplier ledgerAdmits;

	LlmSpendGatewayFilterFactory(SpendRecorder recorder, BudgetTracker budgets, HoldEstimator holds,
			boolean storePrompts) {
		this(recorder, budgets, holds, storePrompts, () -> true);
	}

	LlmSpendGatewayFilterFactory(SpendRecorder recorder, BudgetTracker budgets, HoldEstimator holds,
			boolean storePrompts, BooleanSupplier ledgerAdmits) {
		super(Config.class);
		this.ledgerAdmits = ledgerAdmits;
		this.recorder = recorder;
		this.budgets = budgets;
		this.holds = holds;
		this.storePrompts = storePrompts;
	}

	/**
	 * {@code LlmSpend} with the spend capability switched off ({@code llm.spend.enabled=false}): routes naming it still
	 * load, and it lets every request through untouched.
	 */
	public static LlmSpendGatewayFilterFactory passThrough() {
		return new LlmSpendGatewayFilterFactory(null, null, null, false, () -> true);
	}

	@Override
	public String name() {
		return "LlmSpend";
	}

	@Override
	public GatewayFilter apply(Config config) {
		if (recorder == null) {
			return (exchange, chain) -> chain.filter(exchange);
		}
		return (exchange, chain) -> {
			LlmExchange llm = LlmExchange.get(exchange);
			if (llm == null || llm.attributes().putIfAbsent(REGISTERED, Boolean.TRUE) != null) {
				return chain.filter(exchange);
			}
			if (!ledgerAdmits.getAsBoolean()) {
				// the ledger could not keep this request's row: refuse it rather than serve it unaccounted
				return ErrorWriter.write(exchange, LEDGER_FULL);
			}
			llm.onComplete(recorder);
			if (storePrompts) {
				llm.retainResponse();
			}
			return budgets.admit(llm.identity(), SpendRecorder.endUser(llm), llm.requestId(), () -> holds.estimate(llm),
					hold -> llm.attributes().put(HOLD, hold))
				.flatMap(decision -> {
					if (decision.violation() != null) {
						return reject(exchange, decision.violation());
					}
					if (decision.unavailable() != null) {
						return ErrorWriter.write(exchange, decision.unavailable());
					}
					return proceed(exchange, chain, llm, config);
				});
		};
	}

	private Mono<Void> proceed(ServerWebExchange exchange, GatewayFilterChain chain, LlmExchange llm, Config config) {
		if (llm.request() != null && llm.request().stream()) {
			return chain.filter(StreamedOutputMeter.install(exchange, llm, true));
		}
		if (config.isCostHeader()) {
			ServerHttpResponse response = exchange.getResponse();
			response.beforeCommit(() -> {
				addCostHeader(response, llm);
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	private void addCostHeader(ServerHttpResponse response, LlmExchange llm) {
		if (llm.usage() == null && llm.cacheStatus() != CacheStatus.HIT) {
			return;
		}
		BigDecimal cost = recorder.chargedCost(llm);
		response.getHeaders().set(COST_HEADER, format(cost));
	}

	static String format(BigDecimal cost) {
		return cost.signum() == 0 ? "0" : cost.stripTrailingZeros().toPlainString();
	}

	private static Mono<Void> reject(ServerWebExchange exchange, BudgetViolation violation) {
		Long retryAfter = violation.resetsAt() == null ? null
				: Math.max(1, Duration.between(Instant.now(), violation.resetsAt()).getSeconds());
		LlmError error = LlmError.of(ErrorType.BUDGET_EXCEEDED, "budget_exceeded", violation.message())
			.withRetryAfter(retryAfter);
		return ErrorWriter.write(exchange, error);
	}

	/**
	 * Route arguments.
	 */
	public static class Config {

		private boolean costHeader = true;

		/** Add {@code x-llm-response-cost} to non-streamed answers (default true). */
		public boolean isCostHeader() {
			return costHeader;
		}

		public Config setCostHeader(boolean costHeader) {
			this.costHeader = costHeader;
			return this;
		}
	}
}

package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.llmgateway.gateway.spend.ledger.EntryIds;
import io.llmgateway.gateway.spend.ledger.SpendLedger;
import io.llmgateway.gateway.spend.ledger.SpendRecord;
import io.llmgateway.gateway.core.AttributeKeys;
import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.CompletionListener;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.spend.budget.BudgetHold;
import io.llmgateway.gateway.spend.budget.BudgetTracker;
import io.llmgateway.gateway.spend.pricing.AppliedPrice;
import io.llmgateway.gateway.spend.pricing.CostCalculator;
import io.llmgateway.gateway.spend.pricing.PriceCatalog;
import io.llmgateway.gateway.core.StreamedOutputMeter;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.Usage;

/**
 * The spend completion listener: prices the real usage (for streams too, and for streams the client abandoned: the
 * usage recorded until the cut), sets {@link LlmExchange#cost} (zero for cache hits, with the saving), settles the
 * budgets (releases the request's hold, adds its cost), counts the metrics and hands exactly one row to the ledger.
 * Never blocks.
 */
public final class SpendRecorder implements CompletionListener {

	private final PriceCatalog prices;

	private final BudgetTracker budgets;

	private final SpendLedger ledger;

	private final SpendMetrics metrics;

	private final boolean storePrompts;

	/** The exchange attribute holding its last {@link PricedUsage}. */
	static final String PRICED = AttributeKeys.of(SpendRecorder.class, "priced");

	private final UsageEstimator estimator = new UsageEstimator();

	public SpendRecorder(PriceCatalog prices, BudgetTracker budgets, SpendLedger ledger, SpendMetrics metrics,
			boolean storePrompts) {
		this.prices = prices;
		this.budgets = budgets;
		this.ledger = ledger;
		this.metrics = metrics;
		this.storePrompts = storePrompts;
	}

	@Override
	public int order() {
		return SPEND_ORDER;
	}

	/**
	 * The cost of an exchange's usage so far at its deployment's price, before cache-hit zeroing. A non-streamed
	 * answer is priced for the cost header before it is committed and again when it completes: the second call reuses
	 * the first result as long as the usage and the deployment are the same objects (a usage completed by estimation,
	 * or a retry on another deployment, is priced anew).
	 */
	public Priced price(LlmExchange llm) {
		Usage usage = llm.usage() == null ? Usage.ZERO : llm.usage();
		Deployment deployment = deploymentOf(llm);
		if (llm.attributes().get(PRICED) instanceof PricedUsage last && last.usage() == usage
				&& last.deployment() == deployment) {
			return last.priced();
		}
		AppliedPrice price = priceOf(llm, deployment);
		Priced priced = new Priced(price, CostCalculator.cost(usage, price.price()));
		llm.attributes().put(PRICED, new PricedUsage(usage, deployment, priced));
		return priced;
	}

	/** What the client is charged: zero for a cache hit. */
	public BigDecimal chargedCost(LlmExchange llm) {
		return llm.cacheStatus() == CacheStatus.HIT ? BigDecimal.ZERO : price(llm).cost();
	}

	@Override
	public void onComplete(LlmExchange llm) {
		boolean estimated = estimateMissingUsage(llm);
		Priced priced = price(llm);
		boolean hit = llm.cacheStatus() == CacheStatus.HIT;
		BigDecimal cost = hit ? BigDecimal.ZERO : priced.cost();
		llm.cost(cost);
		if (hit) {
			llm.cacheSaving(priced.cost());
		}
		String endUser = endUser(llm);
		BudgetHold hold = llm.attributes().get(LlmSpendGatewayFilterFactory.HOLD) instanceof BudgetHold h ? h : null;
		budgets.settle(hold, llm.identity(), endUser, cost, llm.requestId()).subscribe();
		SpendRecord row = row(llm, priced.price(), cost, hit ? priced.cost() : null, endUser, estimated);
		if (metrics != null) {
			metrics.record(row);
		}
		if (ledger != null) {
			ledger.enqueue(row);
		}
	}

	/**
	 * A stream that ended before the provider reported its usage (the client left, the upstream was cut, or the
	 * provider never sends usage) is charged for what was generated: the missing token classes are counted from the
	 * request and from the text sent, and written back to the exchange for the listeners that run after this one.
	 */
	private boolean estimateMissingUsage(LlmExchange llm) {
		StreamedOutputMeter meter = llm.streamedOutput();
		if (llm.cacheStatus() == CacheStatus.HIT || meter == null) {
			return false;
		}
		if (llm.completion() == Completion.SUCCESS && llm.usage() != null) {
			return false;
		}
		Usage completed = estimator.complete(llm.usage(), llm.request(), meter);
		if (completed == null) {
			return false;
		}
		llm.usage(completed);
		return true;
	}

	static String endUser(LlmExchange llm) {
		return llm.request() == null ? null : llm.request().user();
	}

	private AppliedPrice priceOf(LlmExchange llm, Deployment d) {
		if (d != null) {
			return prices.forDeployment(d);
		}
		return prices.forModel(null, llm.requestedModel());
	}

	/** The deployment that answered, or for a cache hit the first of the group (what a miss would likely use). */
	private static Deployment deploymentOf(LlmExchange llm) {
		if (llm.deployment() != null) {
			return llm.deployment();
		}
		if (llm.group() != null && !llm.group().deployments().isEmpty()) {
			return llm.group().deployments().get(0);
		}
		return null;
	}

	private SpendRecord row(LlmExchange llm, AppliedPrice price, BigDecimal cost, BigDecimal saving, String endUser,
			boolean estimated) {
		Usage u = llm.usage() == null ? Usage.ZERO : llm.usage();
		Identity id = llm.identity();
		Deployment answered = llm.deployment();
		long done = llm.doneNanos() == 0 ? System.nanoTime() : llm.doneNanos();
		Long ttft = llm.firstClientByteNanos() == 0 ? null : (llm.firstClientByteNanos() - llm.receivedNanos()) / 1_000_000;
		Completion how = llm.completion() == null ? Completion.SUCCESS : llm.completion();
		String alias = llm.group() != null ? llm.group().name() : llm.requestedModel();
		return new SpendRecord(llm.requestId(), llm.receivedAt(), Math.max(0, (done - llm.receivedNanos()) / 1_000_000),
				ttft, id.keyId(), id.keyAlias(), id.userId(), id.teamId(), endUser, alias,
				answered == null ? null : answered.id(), answered == null ? null : answered.provider(),
				answered == null ? null : answered.model(), llm.routeId(),
				llm.clientProtocol() == null ? null : llm.clientProtocol().name().toLowerCase(Locale.ROOT),
				llm.request() != null && llm.request().stream(), u.inputTokens(), u.outputTokens(), u.cacheReadTokens(),
				u.cacheWriteTokens(), u.reasoningTokens(), cost, llm.cacheStatus() == CacheStatus.HIT, saving,
				status(llm, how), how.name(),
				llm.error() == null || llm.error().type() == null ? null : llm.error().type().name().toLowerCase(Locale.ROOT),
				llm.attempts().size(), price.source(), price.key(), price.version(), storePrompts ? requestBody(llm) : null,
				storePrompts ? responseBody(llm) : null, estimated, EntryIds.next());
	}

	/** The HTTP status; a client that left before any status was sent is recorded as 499 (client closed request). */
	private static int status(LlmExchange llm, Completion how) {
		if (llm.status() != 0) {
			return llm.status();
		}
		return switch (how) {
			case CANCELLED -> 499;
			case FAILED -> llm.error() != null ? llm.error().status() : 500;
			case SUCCESS -> 200;
		};
	}

	private static String requestBody(LlmExchange llm) {
		return llm.rawBody() == null ? null : new String(llm.rawBody(), StandardCharsets.UTF_8);
	}

	private static String responseBody(LlmExchange llm) {
		ChatResponse response = llm.response();
		if (response == null || llm.clientCodec() == null) {
			return null;
		}
		return new String(llm.clientCodec().encodeResponse(response, llm.requestedModel(), llm.request()), StandardCharsets.UTF_8);
	}

	/** A price and the cost it gives for the exchange's usage. */
	public record Priced(AppliedPrice price, BigDecimal cost) {
	}

	/** The last pricing of an exchange and what it was computed from. */
	private record PricedUsage(Usage usage, Deployment deployment, Priced priced) {
	}
}

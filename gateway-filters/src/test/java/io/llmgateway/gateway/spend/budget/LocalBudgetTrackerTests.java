package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmgateway.gateway.core.Identity;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static io.llmgateway.gateway.spend.SpendFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;

/** Budgets in this instance's memory. */
class LocalBudgetTrackerTests extends BudgetTrackerContract {

	@Override
	BudgetTracker tracker(List<BudgetRule> rules) {
		return new BudgetTracker(rules, usd("0.8"), clock, alerts::add);
	}

	@Test
	void aRequestThatEndsBeforeItsAdmissionAnswersStillReleasesItsHold() throws Exception {
		LocalBudgetStore local = new LocalBudgetStore();
		// a store whose admissions take a while to answer, like a remote one
		BudgetStore slow = new DelayedStore(local, Duration.ofMillis(200));
		BudgetTracker t = new BudgetTracker(List.of(), usd("0.8"), clock, alerts::add, slow,
				BudgetTracker.StorePolicy.LOCAL);
		Identity caller = key("k-late", null, new Identity.Budget(usd("1"), null, "daily"));
		BudgetHold[] hold = new BudgetHold[1];
		CompletableFuture<BudgetDecision> admission = t
			.admit(caller, null, "late", () -> usd("0.75"), h -> hold[0] = h)
			.toFuture();
		// the client left before the admission came back: the request settles with nothing charged
		t.settle(hold[0], caller, null, BigDecimal.ZERO, "late").block(Duration.ofSeconds(5));
		assertThat(admission.get(5, TimeUnit.SECONDS).isAdmitted()).isTrue();
		// the hold the store made after the settlement was released as the admission came back
		assertThat(local.heldOn("key:k-late")).isEqualByComparingTo("0");
		assertThat(admit(t, caller, null, usd("0.75")).isAdmitted()).isTrue();
	}

	/** Delays every admission; the rest passes through. */
	private record DelayedStore(BudgetStore store, Duration delay) implements BudgetStore {

		@Override
		public String name() {
			return "delayed";
		}

		@Override
		public Mono<Reserved> reserve(String holdId, List<Limit> limits, List<String> holders, BigDecimal amount) {
			return Mono.delay(delay).then(Mono.defer(() -> store.reserve(holdId, limits, holders, amount)));
		}

		@Override
		public Mono<Settled> settle(String holdId, List<String> holders, BigDecimal amount, List<Counted> windows,
				BigDecimal cost, List<Watch> watches) {
			return store.settle(holdId, holders, amount, windows, cost, watches);
		}

		@Override
		public Mono<BigDecimal> spent(String account, Window window) {
			return store.spent(account, window);
		}

		@Override
		public void raise(List<Counted> windows, List<BigDecimal> ledgerSums) {
			store.raise(windows, ledgerSums);
		}
	}
}

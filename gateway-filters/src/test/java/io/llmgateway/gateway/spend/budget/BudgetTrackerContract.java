package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.gateway.spend.LlmSpendProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static io.llmgateway.gateway.spend.SpendFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What budgets do, whichever store counts them: {@link LocalBudgetTrackerTests} runs it in memory,
 * {@link RedisBudgetTrackerTests} on the machine's real Redis.
 */
abstract class BudgetTrackerContract {

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

	final List<LlmAlert> alerts = new CopyOnWriteArrayList<>();

	private final AtomicInteger requests = new AtomicInteger();

	/** A tracker over a fresh store of the kind under test (stores made by one test share their state). */
	abstract BudgetTracker tracker(List<BudgetRule> rules);

	static Identity key(String keyId, String team, Identity.Budget budget) {
		return new Identity(keyId, null, "u1", team, Set.of(), null, budget, Map.of(), false);
	}

	BudgetViolation check(BudgetTracker t, Identity caller, String endUser) {
		return admit(t, caller, endUser, BigDecimal.ZERO).violation();
	}

	BudgetDecision admit(BudgetTracker t, Identity caller, String endUser, BigDecimal estimate) {
		return t.admit(caller, endUser, "r" + requests.incrementAndGet(), () -> estimate, null)
			.block(Duration.ofSeconds(30));
	}

	void record(BudgetTracker t, Identity caller, String endUser, BigDecimal cost) {
		t.settle(null, caller, endUser, cost, "r" + requests.incrementAndGet()).block(Duration.ofSeconds(30));
	}

	BigDecimal spent(BudgetTracker t, BudgetScope scope, String id, BudgetPeriod period) {
		return t.spent(scope, id, period, clock.instant()).block(Duration.ofSeconds(30));
	}

	@Test
	void hardLimitOfAKeyBlocksOnceReachedAndResetsNextDay() {
		BudgetTracker t = tracker(List.of());
		Identity caller = key("k1", null, new Identity.Budget(usd("1.00"), null, "1d"));
		assertThat(check(t, caller, null)).isNull();
		record(t, caller, null, usd("0.60"));
		assertThat(check(t, caller, null)).isNull();
		record(t, caller, null, usd("0.40"));
		BudgetViolation v = check(t, caller, null);
		assertThat(v).isNotNull();
		assertThat(v.rule().scope()).isEqualTo(BudgetScope.KEY);
		assertThat(v.spent()).isEqualByComparingTo("1.00");
		assertThat(v.resetsAt()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
		assertThat(v.message()).contains("key 'k1'").contains("$1 of $1");
		clock.set(Instant.parse("2026-11-26T00:00:01Z"));
		assertThat(check(t, caller, null)).isNull();
		// monthly and total still hold yesterday's spend
		assertThat(spent(t, BudgetScope.KEY, "k1", BudgetPeriod.MONTHLY)).isEqualByComparingTo("1.00");
		assertThat(spent(t, BudgetScope.KEY, "k1", BudgetPeriod.TOTAL)).isEqualByComparingTo("1.00");
	}

	@Test
	void teamAndUserBudgetsOfAKeyAreSharedByTheTeamAndTheUser() {
		BudgetTracker t = tracker(List.of());
		Identity.Budget teamBudget = new Identity.Budget(usd("2"), null, "30d");
		Identity first = new Identity("k1", null, "u1", "t1", Set.of(), null, null, Map.of(), false, null, teamBudget,
				null, new Identity.Budget(usd("5"), null, null));
		Identity second = new Identity("k2", null, "u2", "t1", Set.of(), null, null, Map.of(), false, null, teamBudget,
				null, null);
		record(t, first, null, usd("1.5"));
		record(t, second, null, usd("0.5"));
		BudgetViolation v = check(t, first, null);
		assertThat(v.rule().scope()).isEqualTo(BudgetScope.TEAM);
		assertThat(v.id()).isEqualTo("t1");
		assertThat(check(t, second, null)).isNotNull();
		assertThat(spent(t, BudgetScope.USER, "u1", BudgetPeriod.TOTAL)).isEqualByComparingTo("1.5");
		assertThat(alerts).extracting(LlmAlert::conditionKey)
			.containsExactly("budget:team:t1:month:2026-11:soft", "budget:team:t1:month:2026-11:hard");
	}

	@Test
	void softLimitAlertsOncePerWindow() {
		BudgetRule team = new Budget("team", "t1", usd("10"), null, "monthly").rule();
		BudgetTracker t = tracker(List.of(team));
		Identity caller = key("k1", "t1", null);
		record(t, caller, null, usd("7.99"));
		assertThat(alerts).isEmpty();
		record(t, caller, null, usd("0.01"));
		record(t, caller, null, usd("0.50"));
		record(t, caller, null, usd("0.50"));
		assertThat(alerts).hasSize(1);
		LlmAlert a = alerts.get(0);
		assertThat(a.kind()).isEqualTo("budget_threshold");
		assertThat(a.conditionKey()).isEqualTo("budget:team:t1:month:2026-11:soft");
		assertThat(a.details()).containsEntry("spent", "8").containsEntry("maxBudget", "10");
		record(t, caller, null, usd("1.00"));
		assertThat(alerts).extracting(LlmAlert::kind).containsExactly("budget_threshold", "budget_exceeded");
		assertThat(check(t, caller, null)).isNotNull();
		// next month: fresh window, alerts may fire again
		clock.set(Instant.parse("2026-12-01T00:00:00Z"));
		assertThat(check(t, caller, null)).isNull();
		record(t, caller, null, usd("9"));
		assertThat(alerts).hasSize(3);
		assertThat(alerts.get(2).conditionKey()).isEqualTo("budget:team:t1:month:2026-12:soft");
	}

	@Test
	void wildcardEndUserBudgetsAreSeparatePerEndUser() {
		BudgetRule endUsers = new Budget("end-user", "*", usd("0.05"), usd("0.01"), "daily").rule();
		BudgetTracker t = tracker(List.of(endUsers));
		Identity caller = key("k1", null, null);
		record(t, caller, "alice", usd("0.05"));
		assertThat(check(t, caller, "alice")).isNotNull();
		assertThat(check(t, caller, "bob")).isNull();
		assertThat(check(t, caller, null)).isNull();
		assertThat(alerts).extracting(LlmAlert::conditionKey)
			.containsExactly("budget:end-user:alice:day:2026-11-25:soft", "budget:end-user:alice:day:2026-11-25:hard");
	}

	@Test
	void fixedWindowsAlignToTheEpoch() {
		BudgetRule hourly = new Budget("user", "u1", usd("1"), null, "1h").rule();
		BudgetTracker t = tracker(List.of(hourly));
		Identity caller = key(null, null, null);
		record(t, caller, null, usd("1"));
		assertThat(check(t, caller, null)).isNotNull();
		clock.advance(Duration.ofMinutes(59));
		assertThat(check(t, caller, null)).isNotNull();
		clock.advance(Duration.ofMinutes(1));
		assertThat(check(t, caller, null)).isNull();
	}

	@Test
	void requestsInFlightHoldTheirEstimateSoABurstCannotAllPass() {
		BudgetTracker t = tracker(List.of());
		Identity caller = key("k-burst", null, new Identity.Budget(usd("1.00"), null, "daily"));
		// 20 requests at once, each expected to cost $0.30: admitted while spent + held < $1, i.e. 4 of them
		List<BudgetDecision> decisions = Flux.range(0, 20)
			.flatMap(i -> Mono.defer(() -> t.admit(caller, null, "burst-" + i, () -> usd("0.30"), null))
				.subscribeOn(Schedulers.parallel()))
			.collectList()
			.block(Duration.ofSeconds(10));
		List<BudgetDecision> admitted = decisions.stream().filter(BudgetDecision::isAdmitted).toList();
		assertThat(admitted).hasSize(4);
		BudgetViolation denied = decisions.stream().filter(d -> !d.isAdmitted()).findFirst().orElseThrow().violation();
		assertThat(denied.spent()).isEqualByComparingTo("0");
		// at least the four holds ($1.20); on Redis, plus the allowance the instance leased and did not use
		assertThat(denied.held()).isGreaterThanOrEqualTo(usd("1.20"));
		assertThat(denied.message()).contains("held by requests in flight");
		// each admitted request ends costing $0.20: holds are released, spend stays below the limit
		for (BudgetDecision d : admitted) {
			t.settle(d.hold(), caller, null, usd("0.20"), d.hold().id()).block(Duration.ofSeconds(30));
		}
		assertThat(spent(t, BudgetScope.KEY, "k-burst", BudgetPeriod.DAILY)).isEqualByComparingTo("0.80");
		BudgetDecision next = admit(t, caller, null, usd("0.30"));
		assertThat(next.isAdmitted()).isTrue();
		assertThat(admit(t, caller, null, usd("0.30")).isAdmitted()).isFalse();
		t.settle(next.hold(), caller, null, usd("0.25"), next.hold().id()).block(Duration.ofSeconds(30));
		assertThat(check(t, caller, null).spent()).isEqualByComparingTo("1.05");
	}

	@Test
	void aHoldIsReleasedOnceEvenIfSettledTwice() {
		BudgetTracker t = tracker(List.of());
		Identity caller = key("k-twice", null, new Identity.Budget(usd("1.00"), null, "total"));
		BudgetDecision first = admit(t, caller, null, usd("0.50"));
		BudgetDecision second = admit(t, caller, null, usd("0.50"));
		assertThat(first.isAdmitted()).isTrue();
		assertThat(second.isAdmitted()).isTrue();
		t.settle(first.hold(), caller, null, BigDecimal.ZERO, "r").block(Duration.ofSeconds(30));
		t.settle(first.hold(), caller, null, BigDecimal.ZERO, "r").block(Duration.ofSeconds(30));
		// the second request still holds $0.50: a third fits, a fourth does not
		assertThat(admit(t, caller, null, usd("0.50")).isAdmitted()).isTrue();
		assertThat(admit(t, caller, null, usd("0.50")).isAdmitted()).isFalse();
	}

	@Test
	void reconciliationRaisesSpendToTheLedgerButNeverLowersIt() {
		BudgetTracker t = tracker(List.of());
		Identity caller = key("k-rec", "t-rec", null);
		record(t, caller, null, usd("0.40"));
		BudgetStore.Window total = new BudgetStore.Window("total", "total", null);
		t.store().raise(List.of(new BudgetStore.Counted("key:k-rec", total), new BudgetStore.Counted("team:t-rec", total)),
				List.of(usd("0.25"), usd("3.5")));
		assertThat(spent(t, BudgetScope.KEY, "k-rec", BudgetPeriod.TOTAL)).isEqualByComparingTo("0.40");
		assertThat(spent(t, BudgetScope.TEAM, "t-rec", BudgetPeriod.TOTAL)).isEqualByComparingTo("3.5");
	}

	@Test
	void periodsParseLiteLlmDurations() {
		assertThat(BudgetPeriod.parse("30d")).isEqualTo(BudgetPeriod.MONTHLY);
		assertThat(BudgetPeriod.parse("1mo")).isEqualTo(BudgetPeriod.MONTHLY);
		assertThat(BudgetPeriod.parse("7d")).isEqualTo(BudgetPeriod.WEEKLY);
		assertThat(BudgetPeriod.parse(null)).isEqualTo(BudgetPeriod.TOTAL);
		assertThat(BudgetPeriod.parse("30s").window()).isEqualTo(Duration.ofSeconds(30));
		assertThat(BudgetPeriod.WEEKLY.start(Instant.parse("2026-11-25T10:00:00Z")))
			.isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
		assertThat(BudgetPeriod.MONTHLY.end(Instant.parse("2026-12-31T23:59:59Z")))
			.isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
		assertThatThrownBy(() -> BudgetPeriod.parse("fortnightly")).hasMessageContaining("fortnightly");
		assertThatThrownBy(() -> new Budget("tenant", "x", BigDecimal.ONE, null, null).rule())
			.hasMessageContaining("llm.spend.budgets[0]");
	}

	/** Shorthand for a configured budget. */
	record Budget(String scope, String id, BigDecimal max, BigDecimal soft, String period) {

		BudgetRule rule() {
			return new LlmSpendProperties.Budget(scope, id, max, soft, period).toRule(0);
		}
	}
}

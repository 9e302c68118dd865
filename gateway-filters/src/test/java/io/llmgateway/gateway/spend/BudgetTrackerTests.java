package io.llmgateway.gateway.spend;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmAlert;
import org.junit.jupiter.api.Test;

import static io.llmgateway.gateway.spend.SpendFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetTrackerTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

	private final List<LlmAlert> alerts = new ArrayList<>();

	private static Identity key(String keyId, String team, Identity.Budget budget) {
		return new Identity(keyId, null, "u1", team, Set.of(), null, budget, Map.of(), false);
	}

	@Test
	void hardLimitOfAKeyBlocksOnceReachedAndResetsNextDay() {
		BudgetTracker t = new BudgetTracker(List.of(), usd("0.8"), clock, alerts::add);
		Identity caller = key("k1", null, new Identity.Budget(usd("1.00"), null, "1d"));
		assertThat(t.check(caller, null)).isNull();
		t.record(caller, null, usd("0.60"));
		assertThat(t.check(caller, null)).isNull();
		t.record(caller, null, usd("0.40"));
		BudgetViolation v = t.check(caller, null);
		assertThat(v).isNotNull();
		assertThat(v.rule().scope()).isEqualTo(BudgetScope.KEY);
		assertThat(v.spent()).isEqualByComparingTo("1.00");
		assertThat(v.resetsAt()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
		assertThat(v.message()).contains("key 'k1'").contains("$1 of $1");
		clock.set(Instant.parse("2026-11-26T00:00:01Z"));
		assertThat(t.check(caller, null)).isNull();
		// monthly and total still hold yesterday's spend
		assertThat(t.spent(BudgetScope.KEY, "k1", BudgetPeriod.MONTHLY, clock.instant())).isEqualByComparingTo("1.00");
		assertThat(t.spent(BudgetScope.KEY, "k1", BudgetPeriod.TOTAL, clock.instant())).isEqualByComparingTo("1.00");
	}

	@Test
	void teamAndUserBudgetsOfAKeyAreSharedByTheTeamAndTheUser() {
		BudgetTracker t = new BudgetTracker(List.of(), usd("0.8"), clock, alerts::add);
		Identity.Budget teamBudget = new Identity.Budget(usd("2"), null, "30d");
		Identity first = new Identity("k1", null, "u1", "t1", Set.of(), null, null, Map.of(), false, null, teamBudget,
				null, new Identity.Budget(usd("5"), null, null));
		Identity second = new Identity("k2", null, "u2", "t1", Set.of(), null, null, Map.of(), false, null, teamBudget,
				null, null);
		t.record(first, null, usd("1.5"));
		t.record(second, null, usd("0.5"));
		BudgetViolation v = t.check(first, null);
		assertThat(v.rule().scope()).isEqualTo(BudgetScope.TEAM);
		assertThat(v.id()).isEqualTo("t1");
		assertThat(t.check(second, null)).isNotNull();
		assertThat(t.spent(BudgetScope.USER, "u1", BudgetPeriod.TOTAL, clock.instant())).isEqualByComparingTo("1.5");
		assertThat(alerts).extracting(LlmAlert::conditionKey)
			.containsExactly("budget:team:t1:month:2026-11:soft", "budget:team:t1:month:2026-11:hard");
	}

	@Test
	void softLimitAlertsOncePerWindow() {
		BudgetRule team = new Budget("team", "t1", usd("10"), null, "monthly").rule();
		BudgetTracker t = new BudgetTracker(List.of(team), usd("0.8"), clock, alerts::add);
		Identity caller = key("k1", "t1", null);
		t.record(caller, null, usd("7.99"));
		assertThat(alerts).isEmpty();
		t.record(caller, null, usd("0.01"));
		t.record(caller, null, usd("0.50"));
		t.record(caller, null, usd("0.50"));
		assertThat(alerts).hasSize(1);
		LlmAlert a = alerts.get(0);
		assertThat(a.kind()).isEqualTo("budget_threshold");
		assertThat(a.conditionKey()).isEqualTo("budget:team:t1:month:2026-11:soft");
		assertThat(a.details()).containsEntry("spent", "8").containsEntry("maxBudget", "10");
		t.record(caller, null, usd("1.00"));
		assertThat(alerts).extracting(LlmAlert::kind).containsExactly("budget_threshold", "budget_exceeded");
		assertThat(t.check(caller, null)).isNotNull();
		// next month: fresh window, alerts may fire again
		clock.set(Instant.parse("2026-12-01T00:00:00Z"));
		assertThat(t.check(caller, null)).isNull();
		t.record(caller, null, usd("9"));
		assertThat(alerts).hasSize(3);
		assertThat(alerts.get(2).conditionKey()).isEqualTo("budget:team:t1:month:2026-12:soft");
	}

	@Test
	void wildcardEndUserBudgetsAreSeparatePerEndUser() {
		BudgetRule endUsers = new Budget("end-user", "*", usd("0.05"), usd("0.01"), "daily").rule();
		BudgetTracker t = new BudgetTracker(List.of(endUsers), usd("0.8"), clock, alerts::add);
		Identity caller = key("k1", null, null);
		t.record(caller, "alice", usd("0.05"));
		assertThat(t.check(caller, "alice")).isNotNull();
		assertThat(t.check(caller, "bob")).isNull();
		assertThat(t.check(caller, null)).isNull();
		assertThat(alerts).extracting(LlmAlert::conditionKey)
			.containsExactly("budget:end-user:alice:day:2026-11-25:soft", "budget:end-user:alice:day:2026-11-25:hard");
	}

	@Test
	void fixedWindowsAlignToTheEpoch() {
		BudgetRule hourly = new Budget("user", "u1", usd("1"), null, "1h").rule();
		BudgetTracker t = new BudgetTracker(List.of(hourly), usd("0.8"), clock, alerts::add);
		Identity caller = key(null, null, null);
		t.record(caller, null, usd("1"));
		assertThat(t.check(caller, null)).isNotNull();
		clock.advance(Duration.ofMinutes(59));
		assertThat(t.check(caller, null)).isNotNull();
		clock.advance(Duration.ofMinutes(1));
		assertThat(t.check(caller, null)).isNull();
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
	private record Budget(String scope, String id, BigDecimal max, BigDecimal soft, String period) {

		BudgetRule rule() {
			return new LlmSpendProperties.Budget(scope, id, max, soft, period).toRule(0);
		}
	}
}

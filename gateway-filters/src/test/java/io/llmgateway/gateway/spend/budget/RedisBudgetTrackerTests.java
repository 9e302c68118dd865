package io.llmgateway.gateway.spend.budget;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.llmgateway.gateway.core.BackendFailures;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmAlert;
import io.llmgateway.gateway.support.RequiresRedis;
import io.llmgateway.gateway.spend.LlmSpendAutoConfiguration;
import io.llmgateway.translate.model.ErrorType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static io.llmgateway.gateway.spend.SpendFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Budgets in the machine's real Redis (127.0.0.1:6379), each test under a key prefix of its own. Trackers made by
 * one test are separate "instances" (each with its own Redisson client) sharing that prefix.
 */
@RequiresRedis
class RedisBudgetTrackerTests extends BudgetTrackerContract {

	private final String prefix = "llm:budget:test:" + UUID.randomUUID() + ":";

	private final List<RedissonClient> clients = new ArrayList<>();

	private final List<RedisBudgetStore> stores = new ArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Override
	BudgetTracker tracker(List<BudgetRule> rules) {
		return tracker(rules, 6379, Duration.ofMinutes(10), true, alerts);
	}

	private BudgetTracker tracker(List<BudgetRule> rules, int port, Duration holdTtl, boolean failOpen,
			List<LlmAlert> sink) {
		RedissonClient client = client(port);
		clients.add(client);
		RedisBudgetStore store = new RedisBudgetStore(client, prefix, holdTtl, 32, Duration.ofSeconds(1), clock);
		stores.add(store);
		// generous timeouts: on a loaded machine a slow answer would fail open and admit what the test expects refused
		BudgetTracker.StorePolicy policy = new BudgetTracker.StorePolicy(Duration.ofSeconds(20), failOpen,
				new BackendFailures(LlmSpendAutoConfiguration.BUDGET_STORE_ERRORS, "test", "Budget store",
						store.name(), registry, Duration.ofMinutes(1)));
		return new BudgetTracker(rules, usd("0.8"), clock, sink::add, store, policy);
	}

	static RedissonClient client(int port) {
		Config config = new Config();
		config.useSingleServer()
			.setAddress("redis://127.0.0.1:" + port)
			.setTimeout(15_000)
			.setConnectTimeout(1000)
			.setRetryAttempts(0);
		config.setLazyInitialization(true);
		return Redisson.create(config);
	}

	@AfterEach
	void tearDown() {
		stores.forEach(RedisBudgetStore::close);
		if (!clients.isEmpty()) {
			try {
				clients.get(0).getKeys().deleteByPattern(prefix + "*");
			}
			catch (RuntimeException ex) {
				// the unreachable-Redis test's client
			}
		}
		clients.forEach(RedissonClient::shutdown);
	}

	@Test
	void instancesShareSpendHoldsAndAlerts() {
		List<LlmAlert> alertsOfA = new ArrayList<>();
		List<LlmAlert> alertsOfB = new ArrayList<>();
		BudgetRule team = new Budget("team", "shared", usd("1"), usd("0.5"), "monthly").rule();
		BudgetTracker a = tracker(List.of(team), 6379, Duration.ofMinutes(10), true, alertsOfA);
		BudgetTracker b = tracker(List.of(team), 6379, Duration.ofMinutes(10), true, alertsOfB);
		Identity onA = key("key-a", "shared", null);
		Identity onB = key("key-b", "shared", null);

		// spend on A counts on B; the soft alert fires on exactly one instance
		record(a, onA, null, usd("0.3"));
		record(b, onB, null, usd("0.3"));
		record(a, onA, null, usd("0.1"));
		assertThat(spent(b, BudgetScope.TEAM, "shared", BudgetPeriod.MONTHLY)).isEqualByComparingTo("0.7");
		assertThat(alertsOfA.size() + alertsOfB.size()).isEqualTo(1);

		// a request in flight on A holds its estimate on B's admissions too
		BudgetDecision running = admit(a, onA, null, usd("0.30"));
		assertThat(running.isAdmitted()).isTrue();
		BudgetDecision refused = admit(b, onB, null, usd("0.25"));
		assertThat(refused.isAdmitted()).isFalse();
		assertThat(refused.violation().spent()).isEqualByComparingTo("0.7");
		assertThat(refused.violation().held()).isEqualByComparingTo("0.30");
		a.settle(running.hold(), onA, null, usd("0.05"), running.hold().id()).block(Duration.ofSeconds(30));
		assertThat(admit(b, onB, null, usd("0.25")).isAdmitted()).isTrue();
	}

	@Test
	void aBurstSpreadOverTwoInstancesStillAdmitsOnlyWhatFits() {
		BudgetTracker a = tracker(List.of());
		BudgetTracker b = tracker(List.of());
		Identity caller = key("k-spread", null, new Identity.Budget(usd("2.00"), null, "daily"));
		List<BudgetDecision> decisions = Flux.range(0, 40)
			.flatMap(i -> Mono.defer(() -> (i % 2 == 0 ? a : b).admit(caller, null, "spread-" + i, () -> usd("0.50"),
					null)).subscribeOn(Schedulers.parallel()))
			.collectList()
			.block(Duration.ofSeconds(20));
		// exactly as many as fit ($2 / $0.50), or one more when the last lease was granted with room left for
		// less than a request: never the whole burst
		assertThat(decisions.stream().filter(BudgetDecision::isAdmitted).count()).isBetween(4L, 5L);
	}

	@Test
	void theHoldOfAnInstanceThatDiedEndsWithItsLease() {
		// long enough that the survivor's first check surely comes before the lease ends, even on a loaded machine
		BudgetTracker dying = tracker(List.of(), 6379, Duration.ofSeconds(3), true, alerts);
		BudgetTracker survivor = tracker(List.of());
		Identity caller = key("k-lease", null, new Identity.Budget(usd("1.00"), null, "daily"));
		assertThat(admit(dying, caller, null, usd("1.00")).isAdmitted()).isTrue();
		// the instance is gone without settling: its hold blocks others until the lease ends
		assertThat(admit(survivor, caller, null, usd("0.10")).isAdmitted()).isFalse();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> admit(survivor, caller, null, BigDecimal.ZERO).isAdmitted());
		BudgetDecision after = admit(survivor, caller, null, usd("0.10"));
		assertThat(after.isAdmitted()).isTrue();
		assertThat(admit(survivor, caller, null, usd("0.10")).isAdmitted()).isTrue();
	}

	@Test
	void unreachableRedisFailsOpenByDefaultAndClosedWhenAsked() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		Identity caller = key("k-down", null, new Identity.Budget(usd("1.00"), null, "daily"));
		BudgetTracker open = tracker(List.of(), closed, Duration.ofMinutes(10), true, alerts);
		for (int i = 0; i < 4; i++) {
			assertThat(admit(open, caller, null, usd("0.10")).isAdmitted()).isTrue();
		}
		// after three failures in a row the store is left alone for a moment: the fourth admission did not ask it
		assertThat(registry.get(LlmSpendAutoConfiguration.BUDGET_STORE_ERRORS).tag("operation", "reserve").counter()
			.count()).isEqualTo(3);
		BudgetTracker shut = tracker(List.of(), closed, Duration.ofMinutes(10), false, alerts);
		BudgetDecision refused = admit(shut, caller, null, usd("0.10"));
		assertThat(refused.isAdmitted()).isFalse();
		assertThat(refused.unavailable().type()).isEqualTo(ErrorType.UNAVAILABLE);
		assertThat(refused.unavailable().code()).isEqualTo("budget_store_unavailable");
		// settling against the dead store neither throws nor blocks the completion path
		open.settle(null, caller, null, usd("0.10"), "r").block(Duration.ofSeconds(30));
		assertThat(registry.get(LlmSpendAutoConfiguration.BUDGET_STORE_ERRORS).tag("operation", "reserve").counter()
			.count()).isEqualTo(4);
		assertThat(registry.get(LlmSpendAutoConfiguration.BUDGET_STORE_ERRORS).tag("operation", "settle").counter()
			.count()).isEqualTo(1);
	}

	@Test
	void aLeaseAdmitsManyRequestsWithoutARoundTripAndIdleAllowanceGoesBack() {
		BudgetTracker t = tracker(List.of());
		RedisBudgetStore store = stores.get(0);
		Identity caller = key("k-lease-use", null, new Identity.Budget(usd("100"), null, "daily"));
		List<BudgetDecision> admitted = new ArrayList<>();
		admitted.add(admit(t, caller, null, usd("0.01")));
		// one round trip leased this request and 32 more like it
		assertThat(store.allowance("key:k-lease-use")).isEqualByComparingTo("0.32");
		assertThat(heldInRedis("key:k-lease-use")).isEqualByComparingTo("0.33");
		for (int i = 0; i < 10; i++) {
			admitted.add(admit(t, caller, null, usd("0.01")));
		}
		assertThat(admitted).allMatch(BudgetDecision::isAdmitted);
		assertThat(store.allowance("key:k-lease-use")).isEqualByComparingTo("0.22");
		assertThat(heldInRedis("key:k-lease-use")).isEqualByComparingTo("0.33");
		// requests that end give their estimate back and add their cost; the unused allowance goes back once idle
		for (BudgetDecision d : admitted) {
			t.settle(d.hold(), caller, null, usd("0.005"), d.hold().id()).block(Duration.ofSeconds(30));
		}
		assertThat(heldInRedis("key:k-lease-use")).isEqualByComparingTo("0.22");
		assertThat(spent(t, BudgetScope.KEY, "k-lease-use", BudgetPeriod.DAILY)).isEqualByComparingTo("0.055");
		await().atMost(Duration.ofSeconds(30)).until(() -> heldInRedis("key:k-lease-use").signum() == 0);
		assertThat(store.allowance("key:k-lease-use")).isEqualByComparingTo("0");
	}

	private BigDecimal heldInRedis(String account) {
		String v = clients.get(0).<String>getBucket(prefix + "held:" + account, StringCodec.INSTANCE).get();
		return v == null ? BigDecimal.ZERO : BigDecimal.valueOf(Long.parseLong(v), 9);
	}

	@Test
	void moneyIsCountedInWholeNanoDollars() {
		assertThat(RedisBudgetStore.toNanos(usd("0.0000025"))).isEqualTo(2_500);
		assertThat(RedisBudgetStore.toNanos(usd("1234.5678901234"))).isEqualTo(1_234_567_890_123L);
		BudgetTracker t = tracker(List.of());
		Identity caller = key("k-nano", null, null);
		// settled in batches: a thousand requests ending together
		Flux.range(0, 1000)
			.flatMap(i -> t.settle(null, caller, null, usd("0.0000025"), "nano-" + i))
			.then()
			.block(Duration.ofSeconds(10));
		assertThat(spent(t, BudgetScope.KEY, "k-nano", BudgetPeriod.TOTAL)).isEqualByComparingTo("0.0025");
	}
}

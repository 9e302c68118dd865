package io.llmgateway.gateway.spend;

import java.nio.file.Files;
import java.nio.file.Path;

import io.llmgateway.gateway.spend.ledger.SpendLedger;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.redis.LlmRedisAutoConfiguration;
import io.llmgateway.gateway.spend.budget.BudgetStore;
import io.llmgateway.gateway.spend.budget.BudgetTracker;
import io.llmgateway.gateway.spend.budget.LocalBudgetStore;
import io.llmgateway.gateway.spend.budget.RedisBudgetStore;
import io.llmgateway.gateway.spend.pricing.AppliedPrice;
import io.llmgateway.gateway.spend.pricing.PriceCatalog;
import io.llmgateway.gateway.store.LlmStoreAutoConfiguration;
import io.llmgateway.gateway.support.RequiresRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.llmgateway.gateway.spend.SpendFixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;

class LlmSpendAutoConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmCoreAutoConfiguration.class, LlmStoreAutoConfiguration.class,
					LlmSpendAutoConfiguration.class))
			.withPropertyValues("llm.database.path=" + dir.resolve("db"), "llm.spend.journal.directory=" + dir.resolve("journal"), "llm.spend.ledger.enabled=true");
	}

	@Test
	void wiresTheCapabilityOnTheEmbeddedDatabase() {
		runner().run(ctx -> {
			assertThat(ctx).hasNotFailed();
			assertThat(ctx).hasSingleBean(LlmSpendGatewayFilterFactory.class);
			assertThat(ctx).hasSingleBean(SpendLedger.class);
			assertThat(ctx).hasBean("llmSpendRoutes");
			assertThat(ctx.getBean(PriceCatalog.class).forDeployment(deployment("m", "openai", "gpt-4o")).source())
				.isEqualTo(AppliedPrice.BUILTIN);
		});
	}

	@Test
	void theEmbeddedLedgerWithLocalBudgetsIsReconciledAtStartUpOnly() {
		runner().run(ctx -> assertThat(ctx.getBean(SpendLifecycle.class).reconcileInterval()).isZero());
		runner().withPropertyValues("llm.spend.budget-store.reconcile-interval=2m")
			.run(ctx -> assertThat(ctx.getBean(SpendLifecycle.class).reconcileInterval()).hasMinutes(2));
	}

	@Test
	void budgetsAreReconciledEveryFiveMinutesWhereOthersMayWriteOrCountersMayBeLost() {
		LlmSpendProperties.BudgetStoreSettings local = new LlmSpendProperties.BudgetStoreSettings(null, null, null, null,
				null, null, null, null, null);
		LlmSpendProperties.BudgetStoreSettings redis = new LlmSpendProperties.BudgetStoreSettings("redis", null, null,
				null, null, null, null, null, null);
		assertThat(local.reconcileEvery(true)).isZero();
		assertThat(local.reconcileEvery(false)).hasMinutes(5);
		assertThat(redis.reconcileEvery(true)).hasMinutes(5);
		assertThat(redis.reconcileEvery(false)).hasMinutes(5);
	}

	@Test
	void operatorPriceFileComesFirst() throws Exception {
		Path prices = dir.resolve("prices.json");
		Files.writeString(prices, "{\"gpt-4o\": {\"input_cost_per_token\": 1e-6, \"output_cost_per_token\": 2e-6}}");
		runner().withPropertyValues("llm.spend.prices-file=" + prices).run(ctx -> {
			AppliedPrice p = ctx.getBean(PriceCatalog.class).forDeployment(deployment("m", "openai", "gpt-4o"));
			assertThat(p.source()).isEqualTo(AppliedPrice.FILE);
			assertThat(p.price().input()).isEqualByComparingTo("0.000001");
		});
	}

	@Test
	void badConfigurationFailsAtStartWithTheKeyName() {
		runner().withPropertyValues("llm.spend.budgets[0].scope=tenant", "llm.spend.budgets[0].id=x",
				"llm.spend.budgets[0].max-budget=1")
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.spend.budgets[0]"));
		runner().withPropertyValues("llm.spend.prices-file=" + dir.resolve("missing.json"))
			.run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("llm.spend.prices-file"));
	}

	@Test
	@RequiresRedis
	void budgetsAreKeptInMemoryUnlessRedisIsChosen() {
		runner().run(ctx -> assertThat(ctx.getBean(BudgetStore.class)).isInstanceOf(LocalBudgetStore.class));
		runner().withConfiguration(AutoConfigurations.of(LlmRedisAutoConfiguration.class))
			.withPropertyValues("llm.spend.budget-store.backend=redis", "spring.data.redis.port=6379")
			.run(ctx -> {
				assertThat(ctx).hasNotFailed();
				assertThat(ctx.getBean(BudgetStore.class)).isInstanceOf(RedisBudgetStore.class);
				assertThat(ctx).hasSingleBean(RedissonClient.class);
			});
		runner().withPropertyValues("llm.spend.budget-store.backend=etcd")
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.spend.budget-store.backend must be local or redis"));
	}

	@Test
	void canBeSwitchedOff() {
		// routes naming LlmSpend still load: the filter stays, as a pass-through
		runner().withConfiguration(AutoConfigurations.of(LlmSpendSwitchedOffAutoConfiguration.class))
			.withPropertyValues("llm.spend.enabled=false")
			.run(ctx -> {
				assertThat(ctx).hasSingleBean(LlmSpendGatewayFilterFactory.class);
				assertThat(ctx).doesNotHaveBean(SpendRecorder.class);
				assertThat(ctx).doesNotHaveBean(BudgetTracker.class);
			});
		runner().withConfiguration(AutoConfigurations.of(LlmSpendSwitchedOffAutoConfiguration.class))
			.run(ctx -> assertThat(ctx).hasSingleBean(LlmSpendGatewayFilterFactory.class)
				.hasSingleBean(SpendRecorder.class));
		runner().withPropertyValues("llm.spend.ledger.enabled=false").run(ctx -> {
			assertThat(ctx).hasSingleBean(LlmSpendGatewayFilterFactory.class);
			assertThat(ctx).doesNotHaveBean(SpendLedger.class);
		});
	}
}

package io.llmgateway.gateway.spend;

import io.llmgateway.gateway.spend.budget.BudgetRule;
import io.llmgateway.gateway.spend.budget.BudgetStore;
import io.llmgateway.gateway.spend.budget.BudgetTracker;
import io.llmgateway.gateway.spend.budget.HoldEstimator;
import io.llmgateway.gateway.spend.budget.LocalBudgetStore;
import io.llmgateway.gateway.spend.budget.RedisBudgetStore;
import io.llmgateway.gateway.spend.pricing.AppliedPrice;
import io.llmgateway.gateway.spend.pricing.PriceCatalog;
import io.llmgateway.gateway.spend.pricing.PriceTable;
import io.llmgateway.gateway.spend.report.SpendReportHandler;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.BackendFailures;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.TokenEstimator;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.llmgateway.gateway.spend.ledger.SpendLedger;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.BackendFailures;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.ratelimit.LlmRateLimitAutoConfiguration;
import io.llmgateway.gateway.redis.LlmRedisAutoConfiguration;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.store.LlmDatasourceProperties;
import io.llmgateway.gateway.store.LlmStoreAutoConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The spend capability ({@code llm.spend.enabled}, default true): prices, budgets (in memory, or shared through Redis
 * with {@code llm.spend.budget-store.backend=redis}), the {@code LlmSpend} filter, the asynchronous ledger (when the gateway database is enabled) and the admin reports {@code /spend/logs} and
 * {@code /spend/report}.
 */
@AutoConfiguration(after = { LlmCoreAutoConfiguration.class, LlmStoreAutoConfiguration.class,
		LlmRedisAutoConfiguration.class, LlmRateLimitAutoConfiguration.class })
@ConditionalOnProperty(prefix = LlmSpendProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmSpendProperties.class)
public class LlmSpendAutoConfiguration {

	/** The built-in price table, a LiteLLM-format JSON resource. */
	public static final String BUILTIN_PRICES = "llm/model-prices.json";

	/** Counter of failed or timed-out budget store calls (tags {@code backend}, {@code operation}). */
	public static final String BUDGET_STORE_ERRORS = "llm.spend.budget.store.errors";

	/** Counter of the Redis budget store's round trips to Redis. */
	public static final String BUDGET_STORE_CALLS = "llm.spend.budget.store.calls";

	@Bean
	@ConditionalOnMissingBean
	PriceCatalog llmPriceCatalog(LlmSpendProperties properties, ResourceLoader resources) throws IOException {
		List<PriceTable> tables = new ArrayList<>();
		if (properties.pricesFile() != null && !properties.pricesFile().isBlank()) {
			String location = properties.pricesFile().trim();
			Resource file = location.contains(":") && !location.matches("^[A-Za-z]:\\\\.*")
					? resources.getResource(location) : resources.getResource("file:" + location);
			if (!file.exists()) {
				throw new IllegalStateException("llm.spend.prices-file: " + location + " does not exist");
			}
			try (InputStream in = file.getInputStream()) {
				tables.add(PriceTable.parse(in.readAllBytes(), AppliedPrice.FILE));
			}
			catch (RuntimeException ex) {
				Throwable cause = ex;
				while (cause != null && !(cause instanceof tools.jackson.core.JacksonException)) {
					cause = cause.getCause();
				}
				String problem = cause != null
						? io.llmgateway.translate.mapping.Json.describe("it", (tools.jackson.core.JacksonException) cause)
						: ex.getMessage();
				throw new IllegalStateException("llm.spend.prices-file: " + location + " is not a LiteLLM price file: "
						+ problem, ex);
			}
		}
		try (InputStream in = new ClassPathResource(BUILTIN_PRICES).getInputStream()) {
			tables.add(PriceTable.parse(in.readAllBytes(), AppliedPrice.BUILTIN));
		}
		return new PriceCatalog(tables);
	}

	/** Redisson is optional: this class is read only when it is present and the budget store is Redis. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.redisson.api.RedissonClient")
	@ConditionalOnProperty(prefix = LlmSpendProperties.PREFIX, name = "budget-store.backend", havingValue = "redis")
	static class RedisBudgetStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BudgetStore llmBudgetStore(LlmSpendProperties properties, ObjectProvider<RedissonClient> redisson,
				ObjectProvider<MeterRegistry> registry) {
			LlmSpendProperties.BudgetStoreSettings settings = properties.budgetStore();
			RedissonClient client = redisson.getIfAvailable();
			if (client == null) {
				throw new IllegalStateException("llm.spend.budget-store.backend=redis needs Redis: set "
						+ "spring.data.redis.* or provide a RedissonClient bean");
			}
			RedisBudgetStore store = new RedisBudgetStore(client, settings.keyPrefix(), settings.holdTtl(),
					settings.leaseRequests(), settings.leaseIdle(), Clock.systemUTC());
			FunctionCounter.builder(BUDGET_STORE_CALLS, store, RedisBudgetStore::roundTrips)
				.description("Calls the budget store made to Redis (admissions, settlement batches, reads)")
				.register(registry.getIfAvailable(() -> Metrics.globalRegistry));
			return store;
		}
	}

	@Bean
	@ConditionalOnMissingBean
	BudgetStore llmBudgetStore() {
		return new LocalBudgetStore();
	}

	@Bean
	@ConditionalOnMissingBean
	BudgetTracker llmBudgetTracker(LlmSpendProperties properties, ApplicationEventPublisher events, BudgetStore store,
			ObjectProvider<MeterRegistry> registry) {
		List<BudgetRule> rules = new ArrayList<>();
		for (int i = 0; i < properties.budgets().size(); i++) {
			rules.add(properties.budgets().get(i).toRule(i));
		}
		LlmSpendProperties.BudgetStoreSettings settings = properties.budgetStore();
		BudgetTracker.StorePolicy policy = store instanceof LocalBudgetStore ? BudgetTracker.StorePolicy.LOCAL
				: new BudgetTracker.StorePolicy(settings.timeout(), settings.failOpen(),
						new BackendFailures(BUDGET_STORE_ERRORS, "Budget store calls that failed or timed out",
								"Budget store", store.name(), registry.getIfAvailable(() -> Metrics.globalRegistry),
								settings.errorLogInterval()));
		return new BudgetTracker(rules, properties.alertThreshold(), Clock.systemUTC(), events::publishEvent, store,
				policy);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LlmDatabase.class)
	@ConditionalOnProperty(prefix = LlmSpendProperties.PREFIX, name = "ledger.enabled", matchIfMissing = true)
	SpendLedger llmSpendLedger(LlmDatabase db, LlmSpendProperties properties) {
		return new SpendLedger(db, Path.of(properties.journal().directory()), properties.ledgerSettings());
	}

	@Bean
	SpendLifecycle llmSpendLifecycle(ObjectProvider<SpendLedger> ledger, ObjectProvider<LlmDatabase> db,
			BudgetTracker budgets, LlmSpendProperties properties, ObjectProvider<LlmDatasourceProperties> datasource) {
		LlmDatasourceProperties where = datasource.getIfAvailable();
		return new SpendLifecycle(ledger.getIfAvailable(), db.getIfAvailable(), budgets,
				properties.budgetStore().reconcileEvery(where != null && where.embedded()));
	}

	@Bean
	@ConditionalOnMissingBean
	SpendMetrics llmSpendMetrics(ObjectProvider<MeterRegistry> registry, ObjectProvider<SpendLedger> ledger) {
		return new SpendMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry), ledger.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	SpendRecorder llmSpendRecorder(PriceCatalog prices, BudgetTracker budgets, ObjectProvider<SpendLedger> ledger,
			SpendMetrics metrics, LlmSpendProperties properties) {
		return new SpendRecorder(prices, budgets, ledger.getIfAvailable(), metrics, properties.storePrompts());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmSpendGatewayFilterFactory llmSpendGatewayFilterFactory(SpendRecorder recorder, BudgetTracker budgets,
			LlmSpendProperties properties, PriceCatalog prices, ObjectProvider<TokenEstimator> tokens,
			ObjectProvider<SpendLedger> ledger) {
		HoldEstimator holds = new HoldEstimator(prices, tokens.getIfAvailable(TokenEstimator::standard),
				properties.reserveOutputTokens());
		SpendLedger l = ledger.getIfAvailable();
		BooleanSupplier admits = l != null && properties.journal().rejectWhenFull() ? l::admits : () -> true;
		return new LlmSpendGatewayFilterFactory(recorder, budgets, holds, properties.storePrompts(), admits);
	}

	@Bean
	@ConditionalOnBean(LlmDatabase.class)
	LlmAdminEndpoints llmSpendRoutes(LlmDatabase db, AdminAuthorizer admin) {
		return new SpendReportHandler(db, admin).endpoints();
	}
}

package io.llmgateway.gateway.observe;

import java.math.BigDecimal;

import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LlmMetersTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private LlmObserveInitializer observe(boolean teamTag, int maxTagValues) {
		return new LlmObserveInitializer(new LlmMeters(registry, new BoundedTagValues(maxTagValues), teamTag), null,
				null, null, null);
	}

	@Test
	void successfulStreamRecordsTokensCostTimingsAndAttempts() {
		Deployment primary = TestExchanges.deployment("gpt-4o", "openai", "gpt-4o-2024-08-06", "gpt-4o#0");
		Deployment backup = TestExchanges.deployment("gpt-4o", "anthropic", "claude-sonnet-4-5", "gpt-4o#1");
		LlmExchange llm = TestExchanges.chat("r1", "gpt-4o", true);
		observe(false, 100).initialize(llm, null);
		llm.group(TestExchanges.group(primary, backup));
		llm.markUpstreamSent();
		long start = System.nanoTime();
		llm.addAttempt(new Attempt(primary, start, start + 2_000_000, 503, LlmError.of(ErrorType.OVERLOADED, "busy")));
		llm.deployment(backup);
		llm.markFirstUpstreamByte();
		llm.markFirstClientByte();
		llm.addAttempt(new Attempt(backup, start + 2_000_000, start + 7_000_000, 200, null));
		llm.status(200);
		llm.usage(new Usage(10, 20, 5, 0, 3));
		llm.cost(new BigDecimal("0.0125"));
		llm.cacheStatus(CacheStatus.MISS);
		llm.complete(Completion.SUCCESS);

		String scrape = registry.scrape();
		String base = "deployment=\"gpt-4o#1\",gen_ai_operation_name=\"chat\",gen_ai_request_model=\"gpt-4o\","
				+ "gen_ai_system=\"anthropic\"";
		assertThat(scrape).contains("gen_ai_client_token_usage_sum{" + base
				+ ",gen_ai_token_type=\"input\",route=\"openai-chat\"} 15.0");
		assertThat(scrape).contains("gen_ai_client_token_usage_sum{" + base
				+ ",gen_ai_token_type=\"output\",route=\"openai-chat\"} 20.0");
		assertThat(scrape).contains("gen_ai_client_token_usage_sum{" + base
				+ ",gen_ai_token_type=\"cache_read\",route=\"openai-chat\"} 5.0");
		assertThat(scrape).contains("gen_ai_client_token_usage_sum{" + base
				+ ",gen_ai_token_type=\"reasoning\",route=\"openai-chat\"} 3.0");
		assertThat(scrape).contains("llm_cost_usd_total{" + base + ",route=\"openai-chat\"} 0.0125");
		assertThat(scrape).contains("llm_retries_total{" + base + ",route=\"openai-chat\"} 1.0");
		assertThat(scrape).contains("llm_cache_requests_total{" + base + ",result=\"miss\",route=\"openai-chat\"} 1.0");
		assertThat(registry.get(LlmMeters.REQUESTS)
			.tags("cache", "miss", "deployment", "gpt-4o#1", "error.type", "none", "outcome", "success", "status", "2xx",
					"gen_ai.system", "anthropic")
			.counter()
			.count()).isEqualTo(1.0);
		assertThat(scrape).contains("gen_ai_server_time_to_first_token_seconds_count");
		assertThat(scrape).contains("gen_ai_server_time_per_output_token_seconds_count");
		assertThat(scrape).contains("llm_upstream_attempts_seconds_count{deployment=\"gpt-4o#0\","
				+ "error_type=\"overloaded\",gen_ai_request_model=\"gpt-4o\",gen_ai_system=\"openai\",status=\"5xx\"} 1");
		assertThat(scrape).doesNotContain("team=");

		Timer total = registry.get(LlmMeters.OPERATION_DURATION).timer();
		Timer overhead = registry.get(LlmMeters.OVERHEAD).timer();
		assertThat(overhead.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
			.isLessThan(total.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS));
	}

	@Test
	void rejectionsAreCountedFromTheErrorType() {
		LlmObserveInitializer observe = observe(false, 100);
		LlmExchange limited = TestExchanges.chat("r2", "gpt-4o", false);
		observe.initialize(limited, null);
		limited.error(LlmError.of(ErrorType.RATE_LIMIT, "slow down"));
		limited.status(429);
		limited.complete(Completion.FAILED);
		LlmExchange broke = TestExchanges.chat("r3", "gpt-4o", false);
		observe.initialize(broke, null);
		broke.error(LlmError.of(ErrorType.BUDGET_EXCEEDED, "no money"));
		broke.status(429);
		broke.complete(Completion.FAILED);

		assertThat(registry.get(LlmMeters.RATE_LIMIT_REJECTIONS).counter().count()).isEqualTo(1.0);
		assertThat(registry.get(LlmMeters.BUDGET_REJECTIONS).counter().count()).isEqualTo(1.0);
		assertThat(registry.get(LlmMeters.REQUESTS)
			.tags("error.type", "budget_exceeded", "outcome", "failed", "status", "4xx", "gen_ai.request.model", "unknown",
					"deployment", "none")
			.counter()
			.count()).isEqualTo(1.0);
	}

	@Test
	void teamTagIsOptInAndBounded() {
		LlmObserveInitializer observe = observe(true, 2);
		for (String team : new String[] { "t1", "t2", "t3", "t4" }) {
			LlmExchange llm = TestExchanges.chat("r-" + team, "gpt-4o", false);
			llm.identity(new io.llmgateway.gateway.core.Identity("k", null, null, team, null, null, null, null, false));
			observe.initialize(llm, null);
			llm.status(200);
			llm.complete(Completion.SUCCESS);
		}
		String scrape = registry.scrape();
		assertThat(scrape).contains("team=\"t1\"").contains("team=\"t2\"").contains("team=\"other\"")
			.doesNotContain("team=\"t3\"").doesNotContain("team=\"t4\"");
		assertThat(registry.get(LlmMeters.REQUESTS).tag("team", "other").counter().count()).isEqualTo(2.0);
	}

	@Test
	void cooldownGaugeReadsTheSupplier() {
		java.util.concurrent.atomic.AtomicBoolean cooling = new java.util.concurrent.atomic.AtomicBoolean();
		new DeploymentStateGauges(registry).registerCooldown(
				TestExchanges.deployment("gpt-4o", "openai", "gpt-4o", "gpt-4o#0"), cooling::get);
		assertThat(registry.get(DeploymentStateGauges.COOLDOWN).gauge().value()).isZero();
		cooling.set(true);
		assertThat(registry.get(DeploymentStateGauges.COOLDOWN).gauge().value()).isEqualTo(1.0);
		assertThat(registry.scrape()).contains("llm_deployment_cooldown{deployment=\"gpt-4o#0\"");
	}
}

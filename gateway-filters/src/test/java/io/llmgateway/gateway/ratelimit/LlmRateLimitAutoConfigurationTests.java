package io.llmgateway.gateway.ratelimit;

import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.gateway.redis.LlmRedisAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.support.StaticApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class LlmRateLimitAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(LlmCoreAutoConfiguration.class, LlmRedisAutoConfiguration.class, LlmRateLimitAutoConfiguration.class));

	@Test
	void localBackendByDefault() {
		runner.run(ctx -> {
			assertThat(ctx).hasSingleBean(LlmTokenRateLimitGatewayFilterFactory.class)
				.hasSingleBean(DeploymentQuota.class)
				.hasSingleBean(TokenEstimator.class);
			assertThat(ctx.getBean(RateLimitBackend.class)).isInstanceOf(LocalRateLimitBackend.class);
			RateLimitProperties p = ctx.getBean(RateLimitProperties.class);
			assertThat(p.failOpen()).isTrue();
			assertThat(p.tokenType()).isEqualTo(TokenType.TOTAL);
		});
	}

	@Test
	void redisBackendUsesTheSharedRedissonClient() {
		runner.withPropertyValues("llm.rate-limit.backend=redis", "llm.rate-limit.fail-open=false",
				"llm.rate-limit.timeout=100ms", "llm.rate-limit.limits[0].by=team", "llm.rate-limit.limits[0].tpm=1000",
				"llm.rate-limit.token-type=output")
			.run(ctx -> {
				assertThat(ctx.getBean(RateLimitBackend.class)).isInstanceOf(RedisRateLimitBackend.class);
				RateLimitProperties p = ctx.getBean(RateLimitProperties.class);
				assertThat(p.failOpen()).isFalse();
				assertThat(p.limits()).containsExactly(new LimitSpec("team", null, null, 1000L, null, null));
				assertThat(p.tokenType()).isEqualTo(TokenType.OUTPUT);
			});
	}

	@Test
	void canBeSwitchedOff() {
		runner.withPropertyValues("llm.rate-limit.enabled=false")
			.run(ctx -> assertThat(ctx).doesNotHaveBean(LlmTokenRateLimitGatewayFilterFactory.class));
	}

	@Test
	void badDimensionsFailAtStartUpNamingTheKey() {
		runner.withPropertyValues("llm.rate-limit.limits[0].by=tenant", "llm.rate-limit.limits[0].rpm=1")
			.run(ctx -> assertThat(ctx).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tenant"));
	}

	@Test
	void routeArgumentsBindIncludingNestedLimits() {
		runner.run(ctx -> {
			LlmTokenRateLimitGatewayFilterFactory factory = ctx.getBean(LlmTokenRateLimitGatewayFilterFactory.class);
			StaticApplicationContext beans = new StaticApplicationContext();
			beans.refresh();
			ConfigurationService service = new ConfigurationService(beans, () -> null, () -> null);
			LlmTokenRateLimitGatewayFilterFactory.Config config = service.with(factory)
				.name("LlmTokenRateLimit")
				.normalizedProperties(Map.of("by", "team+model", "tpm", "5000", "max-parallel", "3", "token-type",
						"input", "limits[0].by", "end-user", "limits[0].rpm", "10"))
				.bind();
			assertThat(config.toSpecs()).isEqualTo(List.of(new LimitSpec("team+model", null, null, 5000L, null, 3),
					new LimitSpec("end-user", 10L, null, null, null, null)));
			assertThat(config.getTokenType()).isEqualTo(TokenType.INPUT);
		});
	}
}

package io.llmgateway.gateway.ratelimit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.gateway.redis.LlmRedisAutoConfiguration;
import io.llmgateway.gateway.support.RequiresRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
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
	@RequiresRedis
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
	void switchedOffTheFilterStaysSoRoutesLoadAndItPassesRequestsThrough() {
		runner.withPropertyValues("llm.rate-limit.enabled=false").run(ctx -> {
			assertThat(ctx).hasSingleBean(LlmTokenRateLimitGatewayFilterFactory.class)
				.doesNotHaveBean(TokenRateLimiter.class)
				.doesNotHaveBean(DeploymentQuota.class);
			assertThat(passesThrough(ctx, chatExchange())).isTrue();
		});
	}

	@Test
	void withoutBucket4jTheRouteLoadsAndRefusesInTheClientsProtocolNamingWhatToAdd(CapturedOutput output) {
		runner.withClassLoader(new FilteredClassLoader("io.github.bucket4j")).run(ctx -> {
			assertThat(ctx).hasNotFailed()
				.hasSingleBean(LlmTokenRateLimitGatewayFilterFactory.class)
				.doesNotHaveBean(RateLimitBackend.class)
				.doesNotHaveBean(TokenRateLimiter.class);
			MockServerWebExchange exchange = chatExchange();
			assertThat(passesThrough(ctx, exchange)).as("a limit must not silently vanish").isFalse();
			assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
			assertThat(exchange.getResponse().getBodyAsString().block()).contains("rate_limiter_not_installed");
			assertThat(output).contains("LlmTokenRateLimit (the local rate-limit backend) needs "
					+ "com.bucket4j:bucket4j_jdk17-core and com.github.ben-manes.caffeine:caffeine");
		});
	}

	@Test
	void withoutBucket4jTheRedisBackendStillLimits() {
		runner.withClassLoader(new FilteredClassLoader("io.github.bucket4j"))
			.withPropertyValues("llm.rate-limit.backend=redis")
			.run(ctx -> assertThat(ctx.getBean(RateLimitBackend.class)).isInstanceOf(RedisRateLimitBackend.class));
	}

	/** True when the route's filter (rpm 1) handed the exchange on to the rest of the chain. */
	private static boolean passesThrough(ApplicationContext ctx, MockServerWebExchange exchange) {
		AtomicBoolean passed = new AtomicBoolean();
		ctx.getBean(LlmTokenRateLimitGatewayFilterFactory.class)
			.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setRpm(1L))
			.filter(exchange, e -> Mono.fromRunnable(() -> passed.set(true)))
			.block();
		return passed.get();
	}

	private static MockServerWebExchange chatExchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions").body("{}"));
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

package io.llmgateway.gateway.translate;

import java.time.Duration;
import java.util.List;

import io.llmgateway.gateway.core.AttemptFailedException;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.EmbeddingsCaller;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.model.LlmModelAutoConfiguration;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.provider.LlmProviderAutoConfiguration;
import io.llmgateway.gateway.ratelimit.DeploymentQuota;
import io.llmgateway.gateway.ratelimit.LlmRateLimitAutoConfiguration;
import io.llmgateway.gateway.ratelimit.LocalRateLimitBackend;
import io.llmgateway.gateway.ratelimit.RateLimitBackend;
import io.llmgateway.gateway.routing.LlmRoutingAutoConfiguration;
import io.github.bucket4j.TimeMeter;
import io.llmgateway.gateway.support.mock.MockProvider;
import io.llmgateway.gateway.support.mock.Replies;
import io.llmgateway.translate.embeddings.EmbeddingsResponse;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.codec.ServerCodecConfigurer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link EmbeddingsCaller} features use goes through the same router as a client's request: a deployment that
 * fails is retried on another one of the alias, and the deployment quotas ({@code rpm}/{@code tpm}) the router
 * reserved are settled with the provider's usage, or refunded when the call failed.
 */
class RoutedEmbeddingsCallerTests {

	private static final String EMBEDDINGS = """
			{"object":"list","model":"text-embedding-3-small","data":[
			{"object":"embedding","index":0,"embedding":[0.25,0.5]},
			{"object":"embedding","index":1,"embedding":[0.75,1.0]}],
			"usage":{"prompt_tokens":7,"total_tokens":7}}""";

	private static final String FAILURE = """
			{"error":{"message":"upstream exploded","type":"server_error"}}""";

	private final MockProvider broken = new MockProvider();

	private final MockProvider healthy = new MockProvider();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCoreAutoConfiguration.class, LlmProviderAutoConfiguration.class,
				LlmModelAutoConfiguration.class, LlmRoutingAutoConfiguration.class,
				LlmTranslateAutoConfiguration.class))
		.withBean(ServerCodecConfigurer.class, ServerCodecConfigurer::create)
		.withPropertyValues("llm.router.retry-backoff=1ms",
				// the broken deployment comes first (lower order), so the first attempt always hits it
				"llm.models[0].name=embedder", "llm.models[0].provider=openai-compatible",
				"llm.models[0].model=text-embedding-3-small", "llm.models[0].order=1",
				"llm.models[0].api-base=" + broken.baseUrl(), "llm.models[1].name=embedder",
				"llm.models[1].provider=openai-compatible", "llm.models[1].model=text-embedding-3-small",
				"llm.models[1].order=2", "llm.models[1].api-base=" + healthy.baseUrl());

	@AfterEach
	void close() {
		broken.close();
		healthy.close();
	}

	@Test
	void aFailedDeploymentIsRetriedOnTheNextOneOfTheAlias() {
		broken.behave(Replies.json(500, FAILURE));
		healthy.behave(Replies.json(200, EMBEDDINGS));
		runner.run(context -> {
			EmbeddingsCaller caller = context.getBean(EmbeddingsCaller.class);
			assertThat(caller).isInstanceOf(RoutedEmbeddingsCaller.class);

			EmbeddingsResponse response = caller.embed("embedder", List.of("first text", "second text"))
				.block(Duration.ofSeconds(10));

			assertThat(response.vectors()).hasSize(2);
			assertThat(response.vectors().get(1)).containsExactly(0.75f, 1.0f);
			assertThat(response.promptTokens()).isEqualTo(7);
			MockProvider.Received failed = broken.take();
			assertThat(failed.path()).isEqualTo("/v1/embeddings");
			assertThat(failed.body()).contains("first text", "second text");
			assertThat(healthy.take().path()).isEqualTo("/v1/embeddings");
		});
	}

	@Test
	void everyDeploymentFailingReportsTheProvidersError() {
		broken.behave(Replies.json(500, FAILURE));
		healthy.behave(Replies.json(500, FAILURE));
		runner.withPropertyValues("llm.router.num-retries=1").run(context -> {
			EmbeddingsCaller caller = context.getBean(EmbeddingsCaller.class);

			assertThatThrownBy(() -> caller.embed("embedder", List.of("text")).block(Duration.ofSeconds(10)))
				.isInstanceOf(AttemptFailedException.class)
				.satisfies(ex -> assertThat(((LlmException) ex).error().message()).contains("upstream exploded"));
			assertThat(broken.take()).isNotNull();
			assertThat(healthy.take()).isNotNull();
		});
	}

	@Test
	void anUnknownAliasIsRefusedWithoutAProviderCall() {
		runner.run(context -> {
			EmbeddingsCaller caller = context.getBean(EmbeddingsCaller.class);

			assertThatThrownBy(() -> caller.embed("nope", List.of("text")).block(Duration.ofSeconds(10)))
				.isInstanceOf(LlmException.class)
				.satisfies(ex -> assertThat(((LlmException) ex).error().type()).isEqualTo(ErrorType.NOT_FOUND));
			assertThat(broken.poll(Duration.ofMillis(100))).isNull();
		});
	}

	/**
	 * Both deployments with rpm 10 and tpm 1000, and the rate limiter that keeps the quotas, in memory on a stopped
	 * clock: the buckets never refill, so what is left is exactly what was charged.
	 */
	private ApplicationContextRunner withQuotas() {
		TimeMeter stopped = new TimeMeter() {
			@Override
			public long currentTimeNanos() {
				return 0;
			}

			@Override
			public boolean isWallClockBased() {
				return false;
			}
		};
		return runner.withConfiguration(AutoConfigurations.of(LlmRateLimitAutoConfiguration.class))
			.withBean(RateLimitBackend.class, () -> new LocalRateLimitBackend(100, stopped))
			.withPropertyValues("llm.models[0].rpm=10", "llm.models[0].tpm=1000", "llm.models[1].rpm=10",
					"llm.models[1].tpm=1000");
	}

	@Test
	void theQuotaOfTheDeploymentThatAnsweredIsChargedItsActualUsageAndTheFailedOnesTokensAreRefunded() {
		broken.behave(Replies.json(500, FAILURE));
		healthy.behave(Replies.json(200, EMBEDDINGS));
		withQuotas().run(context -> {
			EmbeddingsResponse response = context.getBean(EmbeddingsCaller.class)
				.embed("embedder", List.of("first text", "second text"))
				.block(Duration.ofSeconds(10));
			assertThat(response.promptTokens()).isEqualTo(7);

			// one request each (both were called); tokens: the provider's 7 on the one that answered, none on the other
			assertThat(settledHeadroom(context, List.of(new DeploymentQuota.Headroom(9, 1000),
					new DeploymentQuota.Headroom(9, 993)))).containsExactly(new DeploymentQuota.Headroom(9, 1000),
							new DeploymentQuota.Headroom(9, 993));
		});
	}

	@Test
	void whenEveryAttemptFailsTheReservedTokensAreReleased() {
		broken.behave(Replies.json(500, FAILURE));
		healthy.behave(Replies.json(500, FAILURE));
		withQuotas().withPropertyValues("llm.router.num-retries=1").run(context -> {
			assertThatThrownBy(() -> context.getBean(EmbeddingsCaller.class)
				.embed("embedder", List.of("first text", "second text"))
				.block(Duration.ofSeconds(10))).isInstanceOf(AttemptFailedException.class);

			assertThat(settledHeadroom(context, List.of(new DeploymentQuota.Headroom(9, 1000),
					new DeploymentQuota.Headroom(9, 1000)))).containsExactly(new DeploymentQuota.Headroom(9, 1000),
							new DeploymentQuota.Headroom(9, 1000));
		});
	}

	/**
	 * The deployments' headroom once it equals {@code expected}, or as it is after 5 s: the settlement runs when the
	 * call has ended, which may be just after the caller saw the answer. Not a timing assertion: the wait only ends
	 * early.
	 */
	private static List<DeploymentQuota.Headroom> settledHeadroom(
			org.springframework.context.ApplicationContext context, List<DeploymentQuota.Headroom> expected)
			throws InterruptedException {
		DeploymentQuota quota = context.getBean(DeploymentQuota.class);
		List<Deployment> deployments = context.getBean(ModelRegistry.class).group("embedder").deployments();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		List<DeploymentQuota.Headroom> headroom = quota.headroom(deployments).block(Duration.ofSeconds(5));
		while (!headroom.equals(expected) && System.nanoTime() < deadline) {
			Thread.sleep(20);
			headroom = quota.headroom(deployments).block(Duration.ofSeconds(5));
		}
		return headroom;
	}
}

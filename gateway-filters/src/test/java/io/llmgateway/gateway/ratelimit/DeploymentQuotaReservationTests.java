package io.llmgateway.gateway.ratelimit;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router's reservation on a deployment's {@code rpm}/{@code tpm}: what is reserved (one request, the prompt plus
 * {@code max_tokens} or the default expected output) and how it is settled at completion (actual total tokens; a
 * failed attempt keeps its request and returns its tokens; an unused reservation is refunded), on both settlement
 * paths: the usage recorder and the {@code LlmTokenRateLimit} reconciliation. Local backend, frozen clock.
 */
class DeploymentQuotaReservationTests {

	private static final long PROMPT = 40;

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final TimeMeter clock = TestLlm.clock(nanos);

	private TokenRateLimiter limiter;

	private DeploymentQuota quota;

	private final Deployment d1 = TestLlm.deployment("d1", "gpt-4o", 10L, 1000L);

	private final Deployment d2 = TestLlm.deployment("d2", "gpt-4o", 10L, 1000L);

	@BeforeEach
	void setUp() {
		RateLimitProperties properties = RateLimitProperties.defaults();
		limiter = new TokenRateLimiter(properties, new LocalRateLimitBackend(properties.localMaxKeys(), clock),
				TokenEstimator.standard(), new SimpleMeterRegistry());
		quota = limiter.deploymentQuota();
	}

	private LlmExchange llm(Integer maxTokens) {
		LlmExchange llm = TestLlm.llm(Protocol.OPENAI, TestLlm.request("gpt-4o", "Hello", maxTokens),
				TestLlm.key("k"));
		llm.group(TestLlm.group("gpt-4o", d1, d2));
		new DeploymentUsageRecorder(limiter).initialize(llm, TestLlm.exchange(llm));
		return llm;
	}

	private DeploymentQuota.Headroom left(Deployment d) {
		return quota.headroom(List.of(d)).block().get(0);
	}

	private static void attempt(LlmExchange llm, Deployment d, LlmError error) {
		llm.deployment(d);
		llm.addAttempt(new Attempt(d, 1, 2, error == null ? 200 : error.status(), error));
	}

	@Test
	void reservesOneRequestAndThePromptPlusMaxTokens_andSettlesToTheActualTotal() {
		LlmExchange llm = llm(100);
		assertThat(quota.reserve(llm, d1, PROMPT).block().granted()).isTrue();
		assertThat(left(d1)).isEqualTo(new DeploymentQuota.Headroom(9, 1000 - PROMPT - 100));

		attempt(llm, d1, null);
		llm.usage(new Usage(30, 20, 0, 0, 0));
		llm.complete(Completion.SUCCESS);
		// the request stays charged once; the tokens become the actual 50
		assertThat(left(d1)).isEqualTo(new DeploymentQuota.Headroom(9, 950));
	}

	@Test
	void withoutMaxTokensTheDefaultExpectedOutputIsReserved() {
		LlmExchange llm = llm(null);
		quota.reserve(llm, d1, PROMPT).block();
		long defaultOutput = RateLimitProperties.defaults().defaultExpectedOutputTokens();
		assertThat(left(d1)).isEqualTo(new DeploymentQuota.Headroom(9, 1000 - PROMPT - defaultOutput));
	}

	@Test
	void aReservationThatDoesNotFitIsRefusedWithARetryTime_andTakesNothing() {
		LlmExchange big = llm(990);
		DeploymentQuota.Grant grant = quota.reserve(big, d1, PROMPT).block();
		assertThat(grant.granted()).isFalse();
		assertThat(grant.retryAfterMillis()).isPositive();
		assertThat(left(d1)).isEqualTo(new DeploymentQuota.Headroom(10, 1000));

		Deployment oneRpm = TestLlm.deployment("one", "gpt-4o", 1L, null);
		assertThat(quota.reserve(llm(1), oneRpm, PROMPT).block().granted()).isTrue();
		DeploymentQuota.Grant second = quota.reserve(llm(1), oneRpm, PROMPT).block();
		assertThat(second.granted()).isFalse();
		// one request per minute: the next one refills in at most a minute
		assertThat(second.retryAfterMillis()).isBetween(1L, 60_000L);
	}

	@Test
	void aFailedAttemptKeepsItsRequestAndReturnsItsTokens_theDeploymentThatAnsweredIsChargedItsUsage() {
		LlmExchange llm = llm(100);
		quota.reserve(llm, d1, PROMPT).block();
		attempt(llm, d1, LlmError.of(ErrorType.OVERLOADED, "busy"));
		quota.reserve(llm, d2, PROMPT).block();
		attempt(llm, d2, null);
		llm.usage(new Usage(30, 20, 0, 0, 0));
		llm.complete(Completion.SUCCESS);
		assertThat(left(d1)).isEqualTo(new DeploymentQuota.Headroom(9, 1000));
		assertThat(left(d2)).isEqualTo(new DeploymentQuota.Headroom(9, 950));
	}

	@Test
	void aReservationNoAttemptUsedIsRefunded() {
		LlmExchange llm = llm(100);
		quota.reserve(llm, d1, PROMPT).block();
		llm.complete(Completion.CANCELLED);
		assertThat(left(d1)).isEqualTo(new DeploymentQuota.Headroom(10, 1000));
	}

	@Test
	void theRateLimitFilterSettlesTheReservationOnItsOwnRoundTrip_once() {
		GatewayFilter filter = new LlmTokenRateLimitGatewayFilterFactory(limiter)
			.apply(new LlmTokenRateLimitGatewayFilterFactory.Config().setRpm(100L));
		LlmExchange llm = llm(100);
		filter.filter(TestLlm.exchange(llm), ex -> {
			// what the router does: reserve, then call
			quota.reserve(llm, d1, PROMPT).block();
			assertThat(left(d1)).isEqualTo(new DeploymentQuota.Headroom(9, 1000 - PROMPT - 100));
			attempt(llm, d1, null);
			return TestLlm.answering(new Usage(100, 20, 0, 0, 0)).filter(ex);
		}).block();
		assertThat(left(d1)).isEqualTo(new DeploymentQuota.Headroom(9, 880));
	}
}

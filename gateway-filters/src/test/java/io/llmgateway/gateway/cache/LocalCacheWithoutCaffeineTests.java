package io.llmgateway.gateway.cache;

import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.redis.LlmRedisAutoConfiguration;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local response cache needs Caffeine, which the starter declares optional: without it the application still
 * starts, a route naming {@code LlmCache} loads and passes every request through (to the upstream, uncached), and
 * the start-up log names the dependency to add.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalCacheWithoutCaffeineTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LlmCoreAutoConfiguration.class, LlmRedisAutoConfiguration.class,
				LlmCacheAutoConfiguration.class))
		.withPropertyValues("llm.cache.enabled=true");

	@Test
	void withCaffeineTheLocalCacheIsCaffeine() {
		runner.run(ctx -> assertThat(ctx.getBean(ResponseCache.class)).isInstanceOf(CaffeineResponseCache.class));
	}

	@Test
	void withoutCaffeineTheRouteLoadsAndPassesEveryRequestThrough(CapturedOutput output) {
		runner.withClassLoader(new FilteredClassLoader("com.github.benmanes.caffeine")).run(ctx -> {
			assertThat(ctx).hasNotFailed();
			assertThat(ctx.getBean(ResponseCache.class)).isInstanceOf(MissingLibraryResponseCache.class);
			GatewayFilter filter = ctx.getBean(LlmCacheGatewayFilterFactory.class)
				.apply(new LlmCacheGatewayFilterFactory.Config());
			AtomicInteger upstream = new AtomicInteger();
			for (int i = 0; i < 2; i++) {
				MockServerWebExchange exchange = MockServerWebExchange
					.from(MockServerHttpRequest.post("/v1/chat/completions"));
				ChatRequest request = new ChatRequest().model("gpt-4o").temperature(0.0);
				request.messages().add(Message.text(Role.USER, "Capital of France?"));
				LlmExchange llm = new LlmExchange("req-" + i, Protocol.OPENAI, null, new byte[0], request);
				exchange.getAttributes().put(LlmExchange.ATTRIBUTE, llm);
				filter.filter(exchange, ex -> Mono.fromRunnable(upstream::incrementAndGet)).block();
				assertThat(exchange.getResponse().getHeaders().getFirst(LlmCacheGatewayFilterFactory.X_CACHE))
					.as("no cache status: the cache is not there").isNull();
				assertThat(llm.retainResponseRequested()).isFalse();
			}
			assertThat(upstream).hasValue(2);
			assertThat(output).contains("LlmCache (the local response cache) needs com.github.ben-manes.caffeine:caffeine");
		});
	}
}

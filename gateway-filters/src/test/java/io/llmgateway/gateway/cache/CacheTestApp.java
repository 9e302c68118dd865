package io.llmgateway.gateway.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;

import io.llmgateway.gateway.core.CompletionListener;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * The gateway the cache's end-to-end tests run: the starter's auto-configuration plus a test identity resolver
 * that maps bearer tokens {@code key-<id>} to virtual key {@code <id>} (and {@code key-shared-<id>} to a key that
 * opted into the shared namespace), standing in for the auth capability's virtual keys.
 */
@SpringBootConfiguration
// Spring Security is on the test classpath (optional for the starter); these tests are about the cache, not auth.
@EnableAutoConfiguration(excludeName = {
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration" })
class CacheTestApp {

	static final String MASTER_KEY = "sk-master-test";

	@Bean
	IdentityResolver testKeys() {
		return new IdentityResolver() {
			@Override
			public Mono<Identity> resolve(org.springframework.web.server.ServerWebExchange exchange, LlmExchange llm) {
				String auth = exchange.getRequest().getHeaders().getFirst("Authorization");
				if (auth == null || !auth.startsWith("Bearer key-")) {
					return Mono.empty();
				}
				String id = auth.substring("Bearer key-".length());
				Map<String, Object> metadata = id.startsWith("shared-")
						? Map.of(CacheNamespaces.IDENTITY_METADATA_KEY, "shared") : Map.of();
				// key-limited-*: two requests per minute, to show that hits are not charged by the rate limiter
				Identity.Limits limits = id.startsWith("limited-")
						? new Identity.Limits(null, 2L, null, null, null, Map.of(), Map.of()) : null;
				return Mono.just(new Identity(id, null, null, null, Set.of(), limits, null, metadata, false));
			}

			@Override
			public int getOrder() {
				return -1000;
			}
		};
	}

	/** Every completed exchange, as the listeners that run last see it (spend has priced it by then). */
	static final BlockingDeque<LlmExchange> completed = new LinkedBlockingDeque<>();

	@Bean
	LlmExchangeInitializer recordCompletedExchanges() {
		return (llm, exchange) -> llm.onComplete(new CompletionListener() {
			@Override
			public void onComplete(LlmExchange done) {
				completed.add(done);
			}

			@Override
			public int order() {
				return CompletionListener.OBSERVE_ORDER + 1;
			}
		});
	}

	/**
	 * Properties of a gateway with one OpenAI deployment at {@code apiBase} and two routes: {@code /v1/...} with the
	 * tenant namespace, {@code /shared/v1/...} with the shared one, and {@code /full/v1/...} with spend and rate
	 * limiting around the cache as in the sample route, and Anthropic's {@code /v1/messages}.
	 */
	static Map<String, Object> properties(String apiBase) {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("llm.cache.enabled", "true");
		// one attempt per request: errorsAreNeverStored counts provider calls (routing retries 500s by default)
		p.put("llm.router.num-retries", "0");
		p.put("llm.keys.master-key", MASTER_KEY);
		p.put("llm.models[0].name", "gpt-4o");
		p.put("llm.models[0].provider", "openai");
		p.put("llm.models[0].model", "gpt-4o-2024-08-06");
		p.put("llm.models[0].api-base", apiBase);
		p.put("llm.models[0].api-key", "sk-upstream");
		String routes = "spring.cloud.gateway.server.webflux.routes";
		p.put(routes + "[0].id", "chat");
		p.put(routes + "[0].uri", "http://unused.invalid");
		p.put(routes + "[0].predicates[0]", "Path=/v1/chat/completions");
		p.put(routes + "[0].filters[0]", "LlmModel");
		p.put(routes + "[0].filters[1]", "LlmCache=10m");
		p.put(routes + "[0].filters[2]", "LlmTranslate");
		p.put(routes + "[1].id", "chat-shared");
		p.put(routes + "[1].uri", "http://unused.invalid");
		p.put(routes + "[1].predicates[0]", "Path=/shared/v1/chat/completions");
		p.put(routes + "[1].filters[0]", "LlmModel");
		p.put(routes + "[1].filters[1].name", "LlmCache");
		p.put(routes + "[1].filters[1].args.namespace", "shared");
		p.put(routes + "[1].filters[2]", "LlmTranslate");
		p.put(routes + "[2].id", "chat-full");
		p.put(routes + "[2].uri", "http://unused.invalid");
		p.put(routes + "[2].predicates[0]", "Path=/full/v1/chat/completions");
		p.put(routes + "[2].filters[0]", "LlmModel");
		p.put(routes + "[2].filters[1]", "LlmSpend");
		p.put(routes + "[2].filters[2]", "LlmCache");
		p.put(routes + "[2].filters[3]", "LlmTokenRateLimit");
		p.put(routes + "[2].filters[4]", "LlmTranslate");
		p.put(routes + "[3].id", "messages");
		p.put(routes + "[3].uri", "http://unused.invalid");
		p.put(routes + "[3].predicates[0]", "Path=/v1/messages");
		p.put(routes + "[3].filters[0]", "LlmModel");
		p.put(routes + "[3].filters[1]", "LlmCache=10m");
		p.put(routes + "[3].filters[2]", "LlmTranslate");
		return p;
	}
}

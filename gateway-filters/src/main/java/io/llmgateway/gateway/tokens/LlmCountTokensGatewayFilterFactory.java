package io.llmgateway.gateway.tokens;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.llmgateway.gateway.core.AttemptFailedException;
import io.llmgateway.gateway.core.CountTokensCall;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.LlmErrors;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.core.TerminalLlmFilters;
import io.llmgateway.gateway.core.TokenEstimator;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.gateway.translate.LlmTranslateProperties;
import io.llmgateway.gateway.translate.UpstreamClient;
import io.llmgateway.gateway.translate.UpstreamDispatcher;
import io.llmgateway.gateway.translate.UpstreamPart;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.mapping.Json;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * {@code LlmCountTokens}: the terminal filter of {@code POST /v1/messages/count_tokens}, after {@code LlmModel}
 * (which parsed the body, resolved the caller, its key's models and the alias, exactly as for {@code /v1/messages}).
 * Routes like {@code LlmTranslate}, through the {@link RequestRouter} (retries, fallbacks, cooldowns, deployment
 * quotas when routing is on), and answers {@code {"input_tokens": N}}: from the
 * provider's own count-tokens API when it has one (Anthropic, Vertex, Bedrock, Gemini: see
 * {@link ProviderAdapter#prepareCountTokens}), otherwise counted locally by the {@link TokenEstimator} (jtokkit's
 * tokenizer for OpenAI models when jtokkit is present, a characters-per-token estimate otherwise); the
 * {@value #COUNT_HEADER} header says which. Errors are in the client's protocol.
 */
public class LlmCountTokensGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/**
	 * Where the count comes from: {@code provider} (its count-tokens API), {@code tokenizer} (the model's own
	 * tokenizer, jtokkit's for OpenAI models) or {@code estimate} (the characters-per-token heuristic: any model
	 * without a public tokenizer, and every model when jtokkit is not on the classpath).
	 */
	public static final String COUNT_HEADER = "x-llm-token-count";

	private static final Set<Integer> NO_COUNT_API = Set.of(404, 405, 501);

	private final RequestRouter router;

	private final ProviderRegistry providers;

	private final UpstreamClient client;

	private final LlmTranslateProperties translate;

	private final LlmProperties llmProperties;

	private final CountTokensProperties properties;

	private final TokenEstimator estimator;

	public LlmCountTokensGatewayFilterFactory(RequestRouter router, ProviderRegistry providers,
			UpstreamClient client, LlmTranslateProperties translate, LlmProperties llmProperties,
			CountTokensProperties properties, TokenEstimator estimator) {
		super(Object.class);
		this.router = router;
		this.providers = providers;
		this.client = client;
		this.translate = translate;
		this.llmProperties = llmProperties;
		this.properties = properties;
		this.estimator = estimator;
	}

	@Override
	public String name() {
		return "LlmCountTokens";
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> {
			LlmExchange llm = TerminalLlmFilters.start(exchange);
			if (llm == null) {
				return TerminalLlmFilters.misconfigured(exchange, name());
			}
			return router.route(llm, (deployment, number) -> count(exchange, llm, deployment))
				.flatMap(tokens -> write(exchange, llm, tokens))
				.onErrorResume(LlmException.class, ex -> {
					llm.error(ex.error());
					return ErrorWriter.write(exchange, ex.error());
				});
		};
	}

	/**
	 * One attempt on one deployment. Every failure is an {@link AttemptFailedException}: nothing has reached the
	 * client yet, so the router may retry, cool the deployment down and fall back exactly as for chat. A provider
	 * without a count API is no failure: the count is local then.
	 */
	private Mono<Long> count(ServerWebExchange exchange, LlmExchange llm, Deployment deployment) {
		llm.deployment(deployment);
		exchange.getResponse().getHeaders().set(UpstreamDispatcher.DEPLOYMENT_HEADER, deployment.id());
		ProviderAdapter adapter = providers.get(deployment.provider());
		if (adapter == null) {
			return Mono.error(new AttemptFailedException(LlmError.of(ErrorType.SERVER_ERROR,
					"No provider adapter for '" + deployment.provider() + "'.")));
		}
		// the count must not be refused for a parameter the provider would drop: counting never generates
		EncodeOptions options = new EncodeOptions(deployment.model(), true, false, llmProperties.defaultMaxTokens());
		HttpHeaders headers = exchange.getResponse().getHeaders();
		return Mono.defer(() -> adapter.prepareCountTokens(deployment, llm.request(), options))
			.flatMap(call -> fromProvider(deployment, call))
			.doOnNext(tokens -> headers.set(COUNT_HEADER, "provider"))
			// tokenizing is CPU work (and loads the encoding once): off the event loop
			.switchIfEmpty(Mono.fromSupplier(() -> {
				headers.set(COUNT_HEADER, estimator.isExact(deployment.model()) ? "tokenizer" : "estimate");
				return estimator.estimatePrompt(llm.request(), deployment.model());
			}).subscribeOn(Schedulers.boundedElastic()))
			.onErrorMap(LlmException.class, ex -> ex instanceof AttemptFailedException ? ex
					: new AttemptFailedException(ex.error()));
	}

	/** The provider's count, or empty when it has no count API after all (local fallback). */
	private Mono<Long> fromProvider(Deployment deployment, CountTokensCall count) {
		return client.send(deployment, count.call())
			.next()
			.timeout(deployment.timeout(translate.timeout()))
			.onErrorMap(ex -> !(ex instanceof LlmException),
					ex -> new LlmException(LlmErrors.fromUpstreamFailure(ex, deployment.id())))
			.flatMap(part -> {
				if (!(part instanceof UpstreamPart.Whole whole)) {
					return Mono.error(new LlmException(LlmError.of(ErrorType.BAD_GATEWAY,
							"The provider answered the count-tokens call with a stream.")));
				}
				if (whole.status() >= 400) {
					if (properties.localFallback() && NO_COUNT_API.contains(whole.status())) {
						return Mono.empty();
					}
					return Mono.error(new LlmException(count.call().codec().decodeError(whole.status(), whole.body())));
				}
				JsonNode root = Json.tryRead(whole.body());
				JsonNode tokens = root == null ? null : root.get(count.countField());
				if (tokens == null || !tokens.isNumber()) {
					return Mono.error(new LlmException(LlmError.of(ErrorType.BAD_GATEWAY,
							"The provider's count-tokens answer has no '" + count.countField() + "'.")));
				}
				return Mono.just(tokens.longValue());
			});
	}

	private static Mono<Void> write(ServerWebExchange exchange, LlmExchange llm, long tokens) {
		byte[] body = ("{\"input_tokens\":" + tokens + "}").getBytes(StandardCharsets.UTF_8);
		llm.status(200);
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.OK);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}
}

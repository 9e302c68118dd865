package io.llmgateway.gateway.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.DeploymentSelector;
import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsResponse;
import io.llmgateway.translate.embeddings.OpenAiEmbeddings;
import io.llmgateway.translate.embeddings.OpenAiEmbeddingsClientCodec;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Usage;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code LlmEmbeddings}: the terminal filter of an {@code /v1/embeddings} route, after {@code LlmModel=OPENAI_EMBEDDINGS}.
 * Chooses a deployment of the alias, splits the inputs to the provider's batch size, calls the provider, answers in
 * OpenAI's format (float or base64) and records usage (prompt tokens; estimated when the provider reports none),
 * timings and attempts on the {@link LlmExchange} for spend and metrics. A retryable failure (429, 5xx, timeout,
 * connection) tries another deployment of the group.
 */
public class LlmEmbeddingsGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/** Parallel provider calls for one request split into batches (Bedrock Titan embeds one input per call). */
	static final int BATCH_CONCURRENCY = 4;

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

	private final DeploymentSelector selector;

	private final EmbeddingsTargets targets;

	private final EmbeddingsHttpClient client;

	public LlmEmbeddingsGatewayFilterFactory(DeploymentSelector selector, EmbeddingsTargets targets,
			EmbeddingsHttpClient client) {
		super(Object.class);
		this.selector = selector;
		this.targets = targets;
		this.client = client;
	}

	@Override
	public String name() {
		return "LlmEmbeddings";
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> {
			LlmExchange llm = LlmExchange.get(exchange);
			if (llm == null || llm.clientProtocol() != Protocol.OPENAI_EMBEDDINGS || llm.group() == null) {
				return ErrorWriter.write(exchange, LlmError.of(ErrorType.SERVER_ERROR,
						"LlmEmbeddings needs LlmModel=OPENAI_EMBEDDINGS before it on the route."));
			}
			EmbeddingsRequest request = OpenAiEmbeddingsClientCodec.embeddingsRequest(llm.request());
			return attempt(exchange, llm, request, new HashSet<>(), null);
		};
	}

	private Mono<Void> attempt(ServerWebExchange exchange, LlmExchange llm, EmbeddingsRequest request,
			Set<String> tried, LlmError lastError) {
		return selector.select(llm, llm.group(), Set.copyOf(tried))
			.flatMap(deployment -> {
				tried.add(deployment.id());
				llm.deployment(deployment);
				if (tried.size() > 1) {
					llm.fallbackUsed(true);
				}
				long start = System.nanoTime();
				return embed(llm, deployment, request).flatMap(response -> {
					llm.addAttempt(new Attempt(deployment, start, System.nanoTime(), 200, null));
					return write(exchange, llm, request, response);
				}).onErrorResume(LlmException.class, ex -> {
					LlmError error = ex.error();
					llm.addAttempt(new Attempt(deployment, start, System.nanoTime(), error.status(), error));
					if (retryable(error) && tried.size() < llm.group().deployments().size()) {
						return attempt(exchange, llm, request, tried, error);
					}
					return ErrorWriter.write(exchange, error);
				});
			})
			.switchIfEmpty(Mono.defer(() -> ErrorWriter.write(exchange, lastError != null ? lastError
					: LlmError.of(ErrorType.UNAVAILABLE, "No deployment of '" + llm.group().name() + "' is available."))));
	}

	private Mono<EmbeddingsResponse> embed(LlmExchange llm, Deployment deployment, EmbeddingsRequest request) {
		EmbeddingsCodec codec;
		try {
			codec = targets.codec(deployment);
		}
		catch (LlmException ex) {
			return Mono.error(ex);
		}
		if (request.tokenInput() && !codec.acceptsTokenInput()) {
			return Mono.error(new LlmException(LlmError.of(ErrorType.INVALID_REQUEST,
					"Token-array inputs are only supported by OpenAI-compatible providers; send strings.")
				.withParam("input")));
		}
		List<EmbeddingsRequest> batches = batches(request, codec.maxInputsPerCall());
		Duration timeout = deployment.timeout(DEFAULT_TIMEOUT);
		llm.markUpstreamSent();
		return Flux.fromIterable(batches)
			.flatMapSequential(batch -> call(llm, deployment, codec, batch).timeout(timeout), BATCH_CONCURRENCY)
			.collectList()
			.map(EmbeddingsResponse::merge)
			.onErrorMap(TimeoutException.class, ex -> new LlmException(LlmError.of(ErrorType.TIMEOUT,
					"The provider did not answer within " + timeout.toSeconds() + "s.")))
			.onErrorMap(ex -> !(ex instanceof LlmException), ex -> new LlmException(LlmError.of(
					ErrorType.BAD_GATEWAY, "Could not reach the provider of '" + deployment.group() + "'.")));
	}

	private Mono<EmbeddingsResponse> call(LlmExchange llm, Deployment deployment, EmbeddingsCodec codec,
			EmbeddingsRequest batch) {
		return targets.prepare(deployment, codec, batch).flatMap(client::send).map(answer -> {
			llm.markFirstUpstreamByte();
			if (answer.status() >= 300) {
				throw new LlmException(codec.decodeError(answer.status(), answer.body()));
			}
			EmbeddingsResponse response = codec.decodeResponse(answer.body());
			Long headerTokens = EmbeddingsTargets.headerTokens(deployment, answer.headers());
			if (headerTokens != null) {
				return response.withPromptTokens(headerTokens);
			}
			if (response.estimated() && response.promptTokens() == 0) {
				return new EmbeddingsResponse(response.model(), response.vectors(),
						EmbeddingsCodec.estimateTokens(batch.inputs()), true);
			}
			return response;
		});
	}

	static List<EmbeddingsRequest> batches(EmbeddingsRequest request, int size) {
		if (request.tokenInput() || request.inputs().size() <= size) {
			return List.of(request);
		}
		List<EmbeddingsRequest> out = new ArrayList<>();
		for (int i = 0; i < request.inputs().size(); i += size) {
			out.add(request.withInputs(request.inputs().subList(i, Math.min(request.inputs().size(), i + size))));
		}
		return out;
	}

	private static boolean retryable(LlmError error) {
		return error.status() == 429 || error.status() >= 500;
	}

	private static Mono<Void> write(ServerWebExchange exchange, LlmExchange llm, EmbeddingsRequest request,
			EmbeddingsResponse response) {
		llm.usage(new Usage(response.promptTokens(), 0, 0, 0, 0));
		llm.status(200);
		byte[] body = OpenAiEmbeddings.encodeResponse(response, llm.requestedModel(), request.encodingFormat());
		ServerHttpResponse http = exchange.getResponse();
		http.setStatusCode(HttpStatus.OK);
		http.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		http.getHeaders().setContentLength(body.length);
		llm.markFirstClientByte();
		return http.writeWith(Mono.just(http.bufferFactory().wrap(body)));
	}
}

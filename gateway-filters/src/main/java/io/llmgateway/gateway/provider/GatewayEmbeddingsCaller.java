package io.llmgateway.gateway.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.EmbeddingsCaller;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsResponse;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's own embeddings path for features ({@link EmbeddingsCaller}): resolves the alias in the
 * {@link ModelRegistry} and tries its deployments in configuration order, moving on after a retryable failure (429,
 * 5xx, timeout, connection), with the same targets, codecs and HTTP client as {@code LlmEmbeddings}. Deliberately
 * plain: no routing strategy, cooldowns or spend records; the routed implementation replaces it.
 */
public final class GatewayEmbeddingsCaller implements EmbeddingsCaller {

	private final ModelRegistry models;

	private final EmbeddingsTargets targets;

	private final EmbeddingsHttpClient client;

	public GatewayEmbeddingsCaller(ModelRegistry models, EmbeddingsTargets targets, EmbeddingsHttpClient client) {
		this.models = models;
		this.targets = targets;
		this.client = client;
	}

	@Override
	public Mono<EmbeddingsResponse> embed(String alias, List<String> inputs) {
		ModelGroup group = models.group(alias);
		if (group == null || group.deployments().isEmpty()) {
			return Mono.error(new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, "model_not_found",
					"The embeddings model '" + alias + "' is not configured in llm.models.")));
		}
		EmbeddingsRequest request = new EmbeddingsRequest(alias, inputs, null, null, null, null, null);
		return attempt(group.deployments(), 0, request, null);
	}

	private Mono<EmbeddingsResponse> attempt(List<Deployment> deployments, int index, EmbeddingsRequest request,
			LlmException last) {
		if (index >= deployments.size()) {
			return Mono.error(last);
		}
		Deployment deployment = deployments.get(index);
		return embed(deployment, request).onErrorResume(LlmException.class, ex -> {
			int status = ex.error().status();
			boolean retryable = status == 429 || status >= 500;
			return retryable ? attempt(deployments, index + 1, request, ex) : Mono.error(ex);
		});
	}

	private Mono<EmbeddingsResponse> embed(Deployment deployment, EmbeddingsRequest request) {
		EmbeddingsCodec codec;
		try {
			codec = targets.codec(deployment);
		}
		catch (LlmException ex) {
			return Mono.error(ex);
		}
		Duration timeout = deployment.timeout(LlmEmbeddingsGatewayFilterFactory.DEFAULT_TIMEOUT);
		List<EmbeddingsRequest> batches = LlmEmbeddingsGatewayFilterFactory.batches(request, codec.maxInputsPerCall());
		return Flux.fromIterable(batches)
			.concatMap(batch -> targets.prepare(deployment, codec, batch).flatMap(client::send).map(answer -> {
				if (answer.status() >= 300) {
					throw new LlmException(codec.decodeError(answer.status(), answer.body()));
				}
				return codec.decodeResponse(answer.body());
			}).timeout(timeout))
			.collect(() -> new ArrayList<EmbeddingsResponse>(batches.size()), List::add)
			.map(EmbeddingsResponse::merge)
			.onErrorMap(TimeoutException.class, ex -> new LlmException(LlmError.of(ErrorType.TIMEOUT,
					"The provider did not answer within " + timeout.toSeconds() + "s.")))
			.onErrorMap(ex -> !(ex instanceof LlmException), ex -> new LlmException(LlmError.of(
					ErrorType.BAD_GATEWAY, "Could not reach the provider of '" + deployment.group() + "'.")));
	}
}

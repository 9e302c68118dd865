package io.llmgateway.gateway.translate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.AttemptFailedException;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.translate.embeddings.EmbeddingsCodec;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsResponse;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Usage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One embeddings attempt on one deployment, the embeddings counterpart of {@link UpstreamDispatcher}: the
 * deployment's {@link ProviderAdapter} gives the codec and prepares each call, the {@link UpstreamClient} sends it.
 * Inputs beyond the provider's batch size are split into parallel calls and merged in order. Records the
 * {@link Attempt}, timings and usage (estimated when the provider reports none) on the {@link LlmExchange}; every
 * failure is an {@link AttemptFailedException}, so the {@code RequestRouter} retries, cools down and falls back as
 * for chat.
 */
public class EmbeddingsDispatcher {

	/** Parallel provider calls for one request split into batches (Bedrock Titan embeds one input per call). */
	static final int BATCH_CONCURRENCY = 4;

	private final ProviderRegistry providers;

	private final UpstreamClient client;

	private final LlmTranslateProperties properties;

	public EmbeddingsDispatcher(ProviderRegistry providers, UpstreamClient client, LlmTranslateProperties properties) {
		this.providers = providers;
		this.client = client;
		this.properties = properties;
	}

	/** Embeds {@code request} with {@code deployment}; the answer's usage is also set on {@code llm}. */
	public Mono<EmbeddingsResponse> attempt(LlmExchange llm, Deployment deployment, EmbeddingsRequest request) {
		llm.deployment(deployment);
		long start = System.nanoTime();
		ProviderAdapter adapter = providers.get(deployment.provider());
		EmbeddingsCodec codec = adapter == null ? null : adapter.embeddingsCodec(deployment);
		if (codec == null) {
			return failed(llm, deployment, start, LlmError.of(ErrorType.INVALID_REQUEST, "unsupported_model",
					"The model '" + deployment.group() + "' is served by provider '" + deployment.provider()
							+ "', which has no embeddings API.")
				.withParam("model"));
		}
		if (request.tokenInput() && !codec.acceptsTokenInput()) {
			return failed(llm, deployment, start, LlmError.of(ErrorType.INVALID_REQUEST,
					"Token-array inputs are only supported by OpenAI-compatible providers; send strings.")
				.withParam("input"));
		}
		Duration timeout = deployment.timeout(properties.timeout());
		llm.markUpstreamSent();
		return Flux.fromIterable(batches(request, codec.maxInputsPerCall()))
			.flatMapSequential(batch -> call(llm, deployment, adapter, codec, batch).timeout(timeout),
					BATCH_CONCURRENCY)
			.collectList()
			.map(EmbeddingsResponse::merge)
			.onErrorResume(ex -> failed(llm, deployment, start, error(ex, deployment, timeout)))
			.doOnNext(response -> {
				llm.usage(new Usage(response.promptTokens(), 0, 0, 0, 0));
				llm.addAttempt(new Attempt(deployment, start, System.nanoTime(), 200, null));
			});
	}

	private Mono<EmbeddingsResponse> call(LlmExchange llm, Deployment deployment, ProviderAdapter adapter,
			EmbeddingsCodec codec, EmbeddingsRequest batch) {
		return adapter.prepareEmbeddings(deployment, codec, batch)
			.flatMap(call -> client.send(deployment, call).next())
			.map(part -> {
				llm.markFirstUpstreamByte();
				UpstreamPart.Whole answer = (UpstreamPart.Whole) part;
				if (answer.status() >= 300) {
					throw new LlmException(codec.decodeError(answer.status(), answer.body()));
				}
				EmbeddingsResponse response = codec.decodeResponse(answer.body());
				Long headerTokens = adapter.embeddingsTokens(answer.headers());
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

	private static LlmError error(Throwable ex, Deployment deployment, Duration timeout) {
		if (ex instanceof LlmException llm) {
			return llm.error();
		}
		if (ex instanceof TimeoutException) {
			return LlmError.of(ErrorType.TIMEOUT, "The provider did not answer within " + timeout.toSeconds() + "s.");
		}
		return LlmError.of(ErrorType.BAD_GATEWAY, "Could not reach the provider of '" + deployment.group() + "'.");
	}

	private static Mono<EmbeddingsResponse> failed(LlmExchange llm, Deployment deployment, long start,
			LlmError error) {
		llm.addAttempt(new Attempt(deployment, start, System.nanoTime(), error.status(), error));
		return Mono.error(new AttemptFailedException(error));
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
}

package io.llmgateway.gateway.translate;

import java.util.List;
import java.util.UUID;

import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.EmbeddingsCaller;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.core.UsageSettlement;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsResponse;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The {@link EmbeddingsCaller} of the gateway's own embeddings path: the alias is resolved in the
 * {@link ModelRegistry} and routed by the {@link RequestRouter} (retries, fallbacks, cooldowns, deployment quotas),
 * each attempt made by the {@link EmbeddingsDispatcher}, exactly as a client's {@code POST /v1/embeddings}. The call
 * has its own anonymous {@link LlmExchange}: it is the gateway's work for a feature, not a client's request, so only
 * the {@link UsageSettlement} sees its completion (the deployment quotas the router reserved, settled with the
 * actual usage or refunded); spend and logs do not.
 */
public final class RoutedEmbeddingsCaller implements EmbeddingsCaller {

	private final ModelRegistry models;

	private final RequestRouter router;

	private final EmbeddingsDispatcher dispatcher;

	private final UsageSettlement settlement;

	public RoutedEmbeddingsCaller(ModelRegistry models, RequestRouter router, EmbeddingsDispatcher dispatcher,
			UsageSettlement settlement) {
		this.models = models;
		this.router = router;
		this.dispatcher = dispatcher;
		this.settlement = settlement;
	}

	@Override
	public Mono<EmbeddingsResponse> embed(String alias, List<String> inputs) {
		ModelGroup group = models.group(alias);
		if (group == null) {
			return Mono.error(new LlmException(LlmError.of(ErrorType.NOT_FOUND, "model_not_found",
					"The embeddings model '" + alias + "' is not in llm.models.")));
		}
		// the canonical form lets the router's token estimate (context window, tpm quota) see the inputs
		ChatRequest chat = new ChatRequest().model(alias);
		chat.clientProtocol(Protocol.OPENAI_EMBEDDINGS);
		for (String input : inputs) {
			chat.messages().add(Message.text(Role.USER, input));
		}
		LlmExchange llm = new LlmExchange(UUID.randomUUID().toString(), Protocol.OPENAI_EMBEDDINGS, null, null, chat);
		llm.group(group);
		llm.onComplete(settlement::settle);
		EmbeddingsRequest request = new EmbeddingsRequest(alias, inputs, null, "float", null, null, null);
		return router.route(llm, (deployment, number) -> dispatcher.attempt(llm, deployment, request))
			.doFinally(signal -> llm.complete(signal == SignalType.ON_COMPLETE ? Completion.SUCCESS
					: signal == SignalType.CANCEL ? Completion.CANCELLED : Completion.FAILED));
	}
}

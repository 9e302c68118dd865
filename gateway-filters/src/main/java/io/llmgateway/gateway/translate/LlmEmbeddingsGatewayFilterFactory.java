package io.llmgateway.gateway.translate;

import io.llmgateway.gateway.core.AttemptFailedException;
import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.RequestRouter;
import io.llmgateway.gateway.core.TerminalLlmFilters;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.embeddings.EmbeddingsRequest;
import io.llmgateway.translate.embeddings.EmbeddingsResponse;
import io.llmgateway.translate.embeddings.OpenAiEmbeddings;
import io.llmgateway.translate.embeddings.OpenAiEmbeddingsClientCodec;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code LlmEmbeddings}: the terminal filter of an {@code /v1/embeddings} route, after
 * {@code LlmModel=OPENAI_EMBEDDINGS}. Goes through the same {@link RequestRouter} as chat (retries, fallbacks,
 * cooldowns, deployment quotas), each attempt made by the {@link EmbeddingsDispatcher}, and answers in OpenAI's
 * format (float or base64). Usage, timings and attempts are on the {@link LlmExchange} for spend and metrics.
 */
public class LlmEmbeddingsGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final RequestRouter router;

	private final EmbeddingsDispatcher dispatcher;

	public LlmEmbeddingsGatewayFilterFactory(RequestRouter router, EmbeddingsDispatcher dispatcher) {
		super(Object.class);
		this.router = router;
		this.dispatcher = dispatcher;
	}

	@Override
	public String name() {
		return "LlmEmbeddings";
	}

	@Override
	public GatewayFilter apply(Object config) {
		return (exchange, chain) -> {
			LlmExchange llm = TerminalLlmFilters.start(exchange);
			if (llm == null || llm.clientProtocol() != Protocol.OPENAI_EMBEDDINGS) {
				return ErrorWriter.write(exchange, LlmError.of(ErrorType.SERVER_ERROR,
						"LlmEmbeddings needs LlmModel=OPENAI_EMBEDDINGS before it on the route."));
			}
			EmbeddingsRequest request = OpenAiEmbeddingsClientCodec.embeddingsRequest(llm.request());
			return router.route(llm, (deployment, number) -> {
				UpstreamDispatcher.attemptHeaders(exchange.getResponse().getHeaders(), llm, deployment, number);
				return dispatcher.attempt(llm, deployment, request);
			})
				.flatMap(response -> write(exchange, llm, request, response))
				.onErrorResume(AttemptFailedException.class, ex -> ErrorWriter.write(exchange, ex.error()));
		};
	}

	private static Mono<Void> write(ServerWebExchange exchange, LlmExchange llm, EmbeddingsRequest request,
			EmbeddingsResponse response) {
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

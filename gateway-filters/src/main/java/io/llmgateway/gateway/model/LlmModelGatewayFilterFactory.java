package io.llmgateway.gateway.model;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.llmgateway.gateway.core.ClientCodecs;
import io.llmgateway.gateway.core.Completion;
import io.llmgateway.gateway.core.ErrorWriter;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmErrors;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * {@code LlmModel[=openai|anthropic|...]}: the first LLM filter of a route. Reads the body once (bounded by
 * {@code llm.max-body-size} and in time by {@code llm.body-timeout}), parses it with the route protocol's {@link ClientCodec}, creates the
 * {@link LlmExchange}, runs the {@link LlmExchangeInitializer}s, resolves the caller through the
 * {@link IdentityResolver}s and the alias to its {@link ModelGroup}, then runs the rest of the chain and completes
 * the context exactly once when it ends (success, failure or cancel). Rejections (400, 403, 404, 408, 413) are answered
 * in the client's protocol. Without an argument the protocol follows the path: {@code /v1/messages} and
 * {@code /v1/messages/count_tokens} are Anthropic, {@code /v1/responses} OpenAI Responses, everything else OpenAI
 * Chat Completions.
 */
public class LlmModelGatewayFilterFactory extends AbstractGatewayFilterFactory<LlmModelGatewayFilterFactory.Config> {

	/** Response header carrying the request id (the client's {@code x-request-id} when it sent a sane one). */
	public static final String REQUEST_ID_HEADER = "x-request-id";

	private static final Log log = LogFactory.getLog(LlmModelGatewayFilterFactory.class);

	private final ModelRegistry models;

	private final ClientCodecs codecs;

	private final LlmProperties properties;

	private final List<LlmExchangeInitializer> initializers;

	private final List<IdentityResolver> identityResolvers;

	public LlmModelGatewayFilterFactory(ModelRegistry models, ClientCodecs codecs, LlmProperties properties,
			List<LlmExchangeInitializer> initializers, List<IdentityResolver> identityResolvers) {
		super(Config.class);
		this.models = models;
		this.codecs = codecs;
		this.properties = properties;
		this.initializers = List.copyOf(initializers);
		this.identityResolvers = identityResolvers.stream()
			.sorted(Comparator.comparingInt(IdentityResolver::getOrder))
			.toList();
	}

	@Override
	public String name() {
		return "LlmModel";
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("protocol");
	}

	@Override
	public GatewayFilter apply(Config config) {
		Protocol fixed = config.getProtocol() == null || config.getProtocol().isBlank() ? null
				: parseProtocol(config.getProtocol());
		if (fixed != null && !codecs.supports(fixed)) {
			throw new IllegalStateException("LlmModel=" + config.getProtocol() + ": no client codec for protocol "
					+ fixed + " (registered: " + codecs.asMap().keySet() + ")");
		}
		int maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, properties.maxBodySize().toBytes());
		Duration bodyTimeout = properties.bodyTimeout();
		return (exchange, chain) -> {
			if (LlmExchange.get(exchange) != null) {
				return chain.filter(exchange);
			}
			Protocol protocol = fixed != null ? fixed : inferProtocol(exchange.getRequest().getPath().value());
			ClientCodec codec = codecs.get(protocol);
			if (codec == null) {
				codec = codecs.get(Protocol.OPENAI);
			}
			ClientCodec clientCodec = codec;
			String requestId = requestId(exchange.getRequest());
			exchange.getResponse().getHeaders().set(REQUEST_ID_HEADER, requestId);
			long declared = exchange.getRequest().getHeaders().getContentLength();
			if (declared > maxBytes) {
				return ErrorWriter.write(exchange, clientCodec, tooLarge());
			}
			return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes)
				.timeout(bodyTimeout, Mono.error(() -> new LlmException(bodyTooSlow(exchange))))
				.map(LlmModelGatewayFilterFactory::toBytesAndRelease)
				.defaultIfEmpty(new byte[0])
				.onErrorMap(DataBufferLimitException.class, ex -> new LlmException(tooLarge()))
				.flatMap(body -> handle(exchange, chain, protocol, clientCodec, requestId, body))
				.onErrorResume(LlmException.class, ex -> ErrorWriter.write(exchange, clientCodec, ex.error()));
		};
	}

	private Mono<Void> handle(ServerWebExchange exchange, GatewayFilterChain chain,
			Protocol protocol, ClientCodec codec, String requestId, byte[] body) {
		if (body.length == 0) {
			return ErrorWriter.write(exchange, codec,
					LlmError.of(ErrorType.INVALID_REQUEST, "The request body is empty: expected a JSON object."));
		}
		ChatRequest request = codec.decodeRequest(body);
		LlmExchange llm = new LlmExchange(requestId, protocol, codec, body, request);
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route != null) {
			llm.routeId(route.getId());
		}
		llm.attachTo(exchange);
		ServerWebExchange replayable = exchange.mutate().request(replayBody(exchange.getRequest(), body)).build();
		Mono<Void> rest = Mono.defer(() -> {
			for (LlmExchangeInitializer initializer : initializers) {
				initializer.initialize(llm, replayable);
			}
			return resolveIdentity(replayable, llm);
		}).flatMap(identity -> {
			llm.identity(identity);
			String alias = request.model();
			if (!identity.allowsModel(alias)) {
				return ErrorWriter.write(replayable, LlmError.of(ErrorType.PERMISSION, "model_not_allowed",
						"This key is not allowed to use the model '" + alias + "'.").withParam("model"));
			}
			ModelGroup group = models.group(alias);
			if (group == null) {
				return ErrorWriter.write(replayable, LlmError.of(ErrorType.NOT_FOUND, "model_not_found",
						"The model '" + alias + "' does not exist or you do not have access to it. "
								+ "Call GET /v1/models to list the available models.")
					.withParam("model"));
			}
			llm.group(group);
			return chain.filter(replayable);
		}).onErrorResume(LlmException.class, ex -> ErrorWriter.write(replayable, ex.error())).onErrorResume(ex -> {
			if (LlmErrors.isClientGone(ex)) {
				// the client closed the connection while the answer was being written: cancelled, not failed
				llm.markClientGone();
				return Mono.error(ex);
			}
			log.warn("LLM request " + requestId + " failed: " + ex);
			return ErrorWriter.write(replayable, LlmError.of(ErrorType.SERVER_ERROR, "The gateway failed to handle the"
					+ " request (request id " + requestId + ")."));
		});
		return rest.doFinally(signal -> complete(replayable, llm, signal));
	}

	private Mono<Identity> resolveIdentity(ServerWebExchange exchange, LlmExchange llm) {
		if (identityResolvers.isEmpty()) {
			return Mono.just(Identity.ANONYMOUS);
		}
		return Flux.fromIterable(identityResolvers)
			.concatMap(resolver -> resolver.resolve(exchange, llm), 1)
			.next()
			.defaultIfEmpty(Identity.ANONYMOUS);
	}

	static void complete(ServerWebExchange exchange, LlmExchange llm, SignalType signal) {
		if (llm.isCompleted()) {
			return;
		}
		HttpStatusCode code = exchange.getResponse().getStatusCode();
		if (llm.status() == 0) {
			llm.status(code != null ? code.value() : 200);
		}
		llm.markDone();
		Completion how;
		if (signal == SignalType.CANCEL || llm.clientGone()) {
			how = Completion.CANCELLED;
		}
		else if (llm.error() != null || llm.status() >= 400 || signal == SignalType.ON_ERROR) {
			how = Completion.FAILED;
		}
		else {
			how = Completion.SUCCESS;
		}
		llm.complete(how);
		if (log.isDebugEnabled()) {
			log.debug("LLM request " + llm.requestId() + " " + how + " status " + llm.status());
		}
	}

	/** The body has been read; downstream filters (and a plain proxy route) read it again from memory. */
	private static ServerHttpRequest replayBody(ServerHttpRequest request, byte[] body) {
		return new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
			}
		};
	}

	/**
	 * 408 for a body that did not arrive within {@code llm.body-timeout}. The rest of it may still be on its way, so
	 * the connection is closed after the answer rather than reused.
	 */
	private LlmError bodyTooSlow(ServerWebExchange exchange) {
		exchange.getResponse().getHeaders().setConnection("close");
		return LlmError.of(ErrorType.REQUEST_TIMEOUT, "request_body_timeout",
				"The request body did not arrive within " + properties.bodyTimeout().toMillis()
						+ " ms (llm.body-timeout).");
	}

	private static LlmError tooLarge() {
		return LlmError.of(ErrorType.REQUEST_TOO_LARGE, "request_too_large",
				"The request body is larger than the gateway's limit (llm.max-body-size).");
	}

	static Protocol inferProtocol(String path) {
		if (path.endsWith("/responses")) {
			return Protocol.OPENAI_RESPONSES;
		}
		return path.endsWith("/messages") || path.endsWith("/messages/count_tokens") ? Protocol.ANTHROPIC
				: Protocol.OPENAI;
	}

	static Protocol parseProtocol(String value) {
		String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		return Protocol.valueOf(v);
	}

	static String requestId(ServerHttpRequest request) {
		String given = request.getHeaders().getFirst(REQUEST_ID_HEADER);
		if (given != null && !given.isEmpty() && given.length() <= 128 && isPrintableAscii(given)) {
			return given;
		}
		ThreadLocalRandom r = ThreadLocalRandom.current();
		return new UUID(r.nextLong(), r.nextLong()).toString();
	}

	private static boolean isPrintableAscii(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c < 0x21 || c > 0x7e) {
				return false;
			}
		}
		return true;
	}

	/** Route arguments. */
	public static class Config {

		/** The client protocol of the route ({@code openai}, {@code anthropic}, ...); empty: inferred from the path. */
		private String protocol;

		public String getProtocol() {
			return protocol;
		}

		public Config setProtocol(String protocol) {
			this.protocol = protocol;
			return this;
		}
	}

	private static byte[] toBytesAndRelease(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}
}

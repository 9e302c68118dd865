package io.llmgateway.gateway.translate;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmgateway.gateway.core.Attempt;
import io.llmgateway.gateway.core.AttemptFailedException;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmErrors;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.core.ProviderAdapter;
import io.llmgateway.gateway.core.UpstreamCall;
import io.llmgateway.gateway.core.ProviderRegistry;
import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.EncodeOptions;
import io.llmgateway.translate.codec.UpstreamCodec;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import io.llmgateway.translate.openai.OpenAiChunks;
import io.llmgateway.translate.responses.ResponsesParams;
import io.llmgateway.translate.responses.ResponsesUpstreamCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One upstream attempt for an exchange, written back to the client: prepares the provider call through the
 * deployment's {@link ProviderAdapter}, sends it with the {@link UpstreamClient}, and writes the answer in the
 * client's protocol. Provider errors keep their status with a body in the client's dialect; connection failures are
 * 502 and timeouts 504. A stream's 200 is committed only when its first event is ready, so a provider that fails
 * before that still gets a proper status; after it, failures end the stream with an in-band error event. Records the
 * deployment, the {@link Attempt}, status, usage, timings, error and (on request) the assembled response.
 */
public class UpstreamDispatcher {

	/** Response header naming the deployment that served the request. */
	public static final String DEPLOYMENT_HEADER = "x-llm-deployment";

	/**
	 * Response header listing, comma-separated, the client parameters the provider call left out without refusing
	 * them: client hints without effect on the answer ({@code context_management}, {@code cache_control}, tool
	 * {@code defer_loading} ...) and, with {@code llm.drop-params}, dropped parameters.
	 */
	public static final String DROPPED_PARAMS_HEADER = "x-llm-dropped-params";

	/** Response header: how many upstream attempts this answer took (retries and fallbacks included). */
	public static final String ATTEMPTS_HEADER = "x-llm-attempts";

	/** Response header: {@code true} when a fallback group served the answer. */
	public static final String FALLBACK_HEADER = "x-llm-fallback";

	private static final Log log = LogFactory.getLog(UpstreamDispatcher.class);

	private final ProviderRegistry providers;

	private final UpstreamClient client;

	private final LlmTranslateProperties properties;

	private final LlmProperties llmProperties;

	public UpstreamDispatcher(ProviderRegistry providers, UpstreamClient client, LlmTranslateProperties properties,
			LlmProperties llmProperties) {
		this.providers = providers;
		this.client = client;
		this.properties = properties;
		this.llmProperties = llmProperties;
	}

	/**
	 * Calls the deployment and writes its answer: the chat {@code DeploymentCall} a {@code RequestRouter} runs. A
	 * failure before anything reached the client is signalled as {@link AttemptFailedException} with nothing
	 * written, so the router can try elsewhere; once the answer started, failures end it in-band and the returned
	 * Mono completes normally.
	 * @param number the attempt's number within the request (1 for the first), sent as {@value #ATTEMPTS_HEADER}
	 */
	public Mono<Void> attempt(ServerWebExchange exchange, LlmExchange llm, Deployment deployment, int number) {
		attemptHeaders(exchange.getResponse().getHeaders(), llm, deployment, number);
		llm.deployment(deployment);
		ProviderAdapter adapter = providers.get(deployment.provider());
		if (adapter == null) {
			return Mono.error(new AttemptFailedException(LlmError.of(ErrorType.SERVER_ERROR,
					"No provider adapter for '" + deployment.provider() + "'.")));
		}
		EncodeOptions options = new EncodeOptions(deployment.model(), llmProperties.dropParams(), true,
				llmProperties.defaultMaxTokens());
		return Mono.defer(() -> {
			// each attempt reports its own drops: a fallback to another provider may keep what this one dropped
			llm.request().droppedParams().clear();
			return adapter.prepareChat(deployment, llm.request(), options);
		})
			.onErrorMap(ex -> ex instanceof LlmException && !(ex instanceof AttemptFailedException),
					ex -> new AttemptFailedException(((LlmException) ex).error()))
			.flatMap(call -> {
				if (llm.clientProtocol() == Protocol.OPENAI_RESPONSES
						&& call.codec().protocol() != Protocol.OPENAI_RESPONSES) {
					// translated: what only OpenAI can honour (stored state, hosted tools) is refused or dropped here,
					// for every provider alike (also those whose codecs ignore foreign extras); drops are listed in
					// the request's droppedParams
					try {
						ResponsesParams.check(llm.request(), options, deployment.provider());
					}
					catch (LlmException ex) {
						return Mono.error(new AttemptFailedException(ex.error()));
					}
				}
				droppedParamsHeader(exchange.getResponse().getHeaders(), llm.request().droppedParams());
				return send(exchange, llm, deployment, call);
			});
	}

	/**
	 * Names the deployment of the current attempt, the attempt's number and whether a fallback group serves it on the
	 * response: the last attempt's values are the ones the client sees.
	 */
	static void attemptHeaders(HttpHeaders headers, LlmExchange llm, Deployment deployment, int number) {
		headers.set(DEPLOYMENT_HEADER, deployment.id());
		headers.set(ATTEMPTS_HEADER, Integer.toString(number));
		headers.set(FALLBACK_HEADER, llm.fallbackUsed() ? "true" : "false");
	}

	/** Sets (or, when nothing was dropped, removes) {@value #DROPPED_PARAMS_HEADER}. */
	public static void droppedParamsHeader(HttpHeaders headers, java.util.Set<String> dropped) {
		if (dropped.isEmpty()) {
			headers.remove(DROPPED_PARAMS_HEADER);
		}
		else {
			headers.set(DROPPED_PARAMS_HEADER, String.join(",", dropped));
		}
	}

	private Mono<Void> send(ServerWebExchange exchange, LlmExchange llm, Deployment deployment, UpstreamCall call) {
		long start = System.nanoTime();
		AtomicBoolean recorded = new AtomicBoolean();
		Duration timeout = deployment.timeout(properties.timeout());
		Duration streamTimeout = deployment.config().streamTimeout() != null ? deployment.config().streamTimeout()
				: properties.streamTimeout();
		Flux<UpstreamPart> parts = Flux.defer(() -> {
			llm.markUpstreamSent();
			return client.send(deployment, call);
		})
			.doOnNext(part -> llm.markFirstUpstreamByte())
			.timeout(Mono.delay(timeout),
					part -> Mono.delay(part instanceof UpstreamPart.Head ? timeout : streamTimeout));
		return parts.switchOnFirst((first, all) -> {
			if (first.isOnError()) {
				LlmError error = LlmErrors.fromUpstreamFailure(first.getThrowable(), deployment.id());
				if (!(first.getThrowable() instanceof LlmException)) {
					log.debug("Upstream call to " + deployment.id() + " failed: " + first.getThrowable());
				}
				record(llm, deployment, start, error.status(), error, recorded);
				return Mono.error(new AttemptFailedException(error));
			}
			UpstreamPart head = first.get();
			if (head instanceof UpstreamPart.Whole whole) {
				return writeWhole(exchange, llm, deployment, call.codec(), whole, start, recorded);
			}
			if (head instanceof UpstreamPart.Head h) {
				return writeStream(exchange, llm, deployment, call.codec(), h, all.skip(1), start, recorded);
			}
			LlmError error = LlmError.of(ErrorType.BAD_GATEWAY, "The provider closed the connection without an answer.");
			record(llm, deployment, start, error.status(), error, recorded);
			return Mono.error(new AttemptFailedException(error));
		})
			.then()
			.doFinally(signal -> record(llm, deployment, start, llm.status(), llm.error(), recorded));
	}

	private Mono<Void> writeWhole(ServerWebExchange exchange, LlmExchange llm, Deployment deployment,
			UpstreamCodec codec, UpstreamPart.Whole whole, long start, AtomicBoolean recorded) {
		if (whole.status() >= 400) {
			LlmError error = codec.decodeError(whole.status(), whole.body());
			Long retryAfter = retryAfter(whole.headers());
			if (retryAfter != null && error.retryAfterSeconds() == null) {
				error = error.withRetryAfter(retryAfter);
			}
			record(llm, deployment, start, whole.status(), error, recorded);
			return Mono.error(new AttemptFailedException(error));
		}
		byte[] body;
		boolean passThrough = codec.protocol() == llm.clientProtocol();
		if (passThrough && codec.protocol() == Protocol.OPENAI && !llm.retainResponseRequested()) {
			body = whole.body();
			llm.usage(OpenAiChunks.usageOfBody(body));
		}
		else if (passThrough && codec.protocol() == Protocol.OPENAI_RESPONSES && !llm.retainResponseRequested()) {
			body = whole.body();
			llm.usage(ResponsesUpstreamCodec.usageOfBody(body));
		}
		else {
			ChatResponse response = codec.decodeResponse(whole.body(), llm.request());
			llm.usage(response.usage());
			if (llm.retainResponseRequested()) {
				llm.response(response);
			}
			body = passThrough ? whole.body() : llm.clientCodec().encodeResponse(response, llm.requestedModel(), llm.request());
		}
		llm.status(whole.status());
		record(llm, deployment, start, whole.status(), null, recorded);
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(whole.status()));
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(body.length);
		llm.markFirstClientByte();
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private Mono<Void> writeStream(ServerWebExchange exchange, LlmExchange llm, Deployment deployment,
			UpstreamCodec codec, UpstreamPart.Head head, Flux<UpstreamPart> chunks, long start,
			AtomicBoolean recorded) {
		StreamRelay relay = new StreamRelay(llm, codec);
		Flux<ByteBuffer> frames = chunks
			.<ByteBuffer>handle((part, sink) -> {
				ByteBuffer out = relay.onChunk(((UpstreamPart.Chunk) part).bytes());
				if (out != null) {
					sink.next(out);
				}
			})
			.concatWith(Mono.fromSupplier(relay::onEnd))
			.onErrorResume(ex -> {
				if (!relay.started()) {
					return Flux.error(ex);
				}
				LlmError error = LlmErrors.fromUpstreamFailure(ex, deployment.id());
				return Mono.justOrEmpty(relay.onFailure(error));
			});
		ServerHttpResponse response = exchange.getResponse();
		return frames.switchOnFirst((first, all) -> {
			if (first.isOnError()) {
				LlmError error = LlmErrors.fromUpstreamFailure(first.getThrowable(), deployment.id());
				record(llm, deployment, start, error.status(), error, recorded);
				return Mono.error(new AttemptFailedException(error));
			}
			if (!first.hasValue()) {
				LlmError error = LlmError.of(ErrorType.BAD_GATEWAY, "upstream_empty_stream",
						"The provider's stream ended without any event.");
				record(llm, deployment, start, error.status(), error, recorded);
				return Mono.error(new AttemptFailedException(error));
			}
			llm.status(head.status());
			response.setStatusCode(HttpStatusCode.valueOf(head.status()));
			HttpHeaders headers = response.getHeaders();
			headers.setContentType(MediaType.TEXT_EVENT_STREAM);
			headers.setCacheControl("no-cache");
			headers.remove(HttpHeaders.CONTENT_LENGTH);
			SlowClientGuard guard = new SlowClientGuard(llmProperties.streamBuffer().toBytes(),
					llmProperties.streamStallTimeout());
			Flux<Mono<DataBuffer>> writes = all.<ByteBuffer>handle((bytes, sink) -> {
				if (guard.arrived(bytes.remaining())) {
					sink.next(bytes);
				}
				else {
					// closing the connection cancels this write and, through it, the upstream call
					tooSlow(llm, deployment, guard, response);
				}
			})
				// read the provider at its pace: the guard, not back-pressure, bounds what waits for the client
				.onBackpressureBuffer()
				.map(bytes -> {
					llm.markFirstClientByte();
					return Mono.just(guard.wrap(response.bufferFactory(), bytes));
				})
				.doOnCancel(llm::markClientGone);
			// the provider answered, whether or not the client stayed to read all of it; recorded before the signal
			// goes on (the exchange completes on it, and its meters read the attempts then)
			Runnable answered = () -> record(llm, deployment, start, head.status(), llm.error(), recorded);
			return response.writeAndFlushWith(writes)
				.doOnSuccess(v -> answered.run())
				.doOnError(ex -> answered.run())
				.doOnCancel(answered);
		}).then();
	}

	/** Ends a stream whose client does not keep up: closes its connection, which cancels the upstream call. */
	private static void tooSlow(LlmExchange llm, Deployment deployment, SlowClientGuard guard,
			ServerHttpResponse response) {
		if (guard.cut(response)) {
			log.debug("Closing the connection of a client that does not read its stream from " + deployment.id() + " ("
					+ guard.held() + " bytes waiting)");
			llm.error(LlmError.of(ErrorType.REQUEST_TIMEOUT, "client_too_slow",
					"The client did not read the stream fast enough (llm.stream-buffer, llm.stream-stall-timeout)."));
			llm.markClientGone();
		}
	}

	private static void record(LlmExchange llm, Deployment deployment, long start, int status, LlmError error,
			AtomicBoolean recorded) {
		if (recorded.compareAndSet(false, true)) {
			llm.addAttempt(new Attempt(deployment, start, System.nanoTime(), status, error));
			if (error != null && llm.error() == null) {
				llm.error(error);
			}
		}
	}

	private static Long retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}
}

package io.llmgateway.gateway.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmgateway.translate.Protocol;
import io.llmgateway.translate.codec.ClientCodec;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.Usage;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one context of an LLM request, stored as an exchange attribute by {@code LlmModel}: what the client sent
 * (parsed once), who it is, where it goes, how long each phase took, how it ended, and the listeners to tell when it
 * ends. Filters read and adjust this object; none re-reads bytes another already parsed.
 * <p>
 * Fields written while a response streams ({@link #usage}, timings) are volatile: listeners may run on another
 * thread than the writer.
 */
public final class LlmExchange {

	/** The exchange attribute holding this context; set by {@link #attachTo}, read by {@link #get}. */
	public static final String ATTRIBUTE = AttributeKeys.of(LlmExchange.class, "context");

	private final String requestId;

	private final Protocol clientProtocol;

	private final ClientCodec clientCodec;

	private final Instant receivedAt;

	private final long receivedNanos;

	private final byte[] rawBody;

	private final ChatRequest request;

	private final String requestedModel;

	private volatile String routeId;

	private volatile Identity identity = Identity.ANONYMOUS;

	private volatile ModelGroup group;

	private volatile Deployment deployment;

	private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

	private volatile boolean fallbackUsed;

	private volatile long upstreamSentNanos;

	private volatile long firstUpstreamByteNanos;

	private volatile long firstClientByteNanos;

	private volatile long doneNanos;

	/** Total nanoseconds spent waiting on providers, summed over attempts (for the overhead metric). */
	private volatile long upstreamNanos;

	private volatile int status;

	private volatile Usage usage;

	private volatile ChatResponse response;

	private volatile boolean retainResponse;

	private volatile LlmError error;

	private volatile CacheStatus cacheStatus = CacheStatus.NONE;

	private volatile BigDecimal cost;

	private volatile BigDecimal cacheSaving;

	private volatile Double cacheSimilarity;

	private volatile Completion completion;

	private volatile boolean clientGone;

	private final CompletionListeners listeners = new CompletionListeners();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private volatile StreamedOutputMeter streamedOutput;

	public LlmExchange(String requestId, Protocol clientProtocol, ClientCodec clientCodec, byte[] rawBody,
			ChatRequest request) {
		this.requestId = requestId;
		this.clientProtocol = clientProtocol;
		this.clientCodec = clientCodec;
		this.receivedAt = Instant.now();
		this.receivedNanos = System.nanoTime();
		this.rawBody = rawBody;
		this.request = request;
		this.requestedModel = request == null ? null : request.model();
	}

	/** Makes this the context of {@code exchange}, for every later filter ({@link #get}). */
	public void attachTo(ServerWebExchange exchange) {
		exchange.getAttributes().put(ATTRIBUTE, this);
	}

	/** The context of this exchange, or null when no LLM filter ran. */
	public static LlmExchange get(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	public static LlmExchange require(ServerWebExchange exchange) {
		LlmExchange llm = get(exchange);
		if (llm == null) {
			throw new IllegalStateException("No LLM context on this exchange: put LlmModel before the other Llm filters");
		}
		return llm;
	}

	/** Registers a listener; one added after completion is called at once. */
	public void onComplete(CompletionListener listener) {
		listeners.add(listener, this);
	}

	/**
	 * Ends the exchange and calls every listener exactly once. Later calls do nothing.
	 * @return true for the call that completed it
	 */
	public boolean complete(Completion how) {
		if (!listeners.markCompleted()) {
			return false;
		}
		this.completion = how;
		if (doneNanos == 0) {
			doneNanos = System.nanoTime();
		}
		listeners.callAll(this);
		return true;
	}

	public boolean isCompleted() {
		return listeners.isCompleted();
	}

	public String requestId() {
		return requestId;
	}

	public Protocol clientProtocol() {
		return clientProtocol;
	}

	public ClientCodec clientCodec() {
		return clientCodec;
	}

	public Instant receivedAt() {
		return receivedAt;
	}

	public long receivedNanos() {
		return receivedNanos;
	}

	/** The client's body as received; read-only by convention. */
	public byte[] rawBody() {
		return rawBody;
	}

	public ChatRequest request() {
		return request;
	}

	/** The model name the client sent, before alias resolution. */
	public String requestedModel() {
		return requestedModel;
	}

	public String routeId() {
		return routeId;
	}

	public void routeId(String routeId) {
		this.routeId = routeId;
	}

	public Identity identity() {
		return identity;
	}

	public void identity(Identity identity) {
		this.identity = identity == null ? Identity.ANONYMOUS : identity;
	}

	public ModelGroup group() {
		return group;
	}

	public void group(ModelGroup group) {
		this.group = group;
	}

	/** The deployment of the current (or last) attempt. */
	public Deployment deployment() {
		return deployment;
	}

	public void deployment(Deployment deployment) {
		this.deployment = deployment;
	}

	public List<Attempt> attempts() {
		return attempts;
	}

	public void addAttempt(Attempt attempt) {
		attempts.add(attempt);
		upstreamNanos += Math.max(0, attempt.endNanos() - attempt.startNanos());
	}

	public boolean fallbackUsed() {
		return fallbackUsed;
	}

	public void fallbackUsed(boolean fallbackUsed) {
		this.fallbackUsed = fallbackUsed;
	}

	public long upstreamSentNanos() {
		return upstreamSentNanos;
	}

	public void markUpstreamSent() {
		upstreamSentNanos = System.nanoTime();
	}

	public long firstUpstreamByteNanos() {
		return firstUpstreamByteNanos;
	}

	public void markFirstUpstreamByte() {
		if (firstUpstreamByteNanos == 0) {
			firstUpstreamByteNanos = System.nanoTime();
		}
	}

	public long firstClientByteNanos() {
		return firstClientByteNanos;
	}

	public void markFirstClientByte() {
		if (firstClientByteNanos == 0) {
			firstClientByteNanos = System.nanoTime();
		}
	}

	public long doneNanos() {
		return doneNanos;
	}

	public void markDone() {
		if (doneNanos == 0) {
			doneNanos = System.nanoTime();
		}
	}

	/** Nanoseconds spent waiting on providers across all attempts. */
	public long upstreamNanos() {
		return upstreamNanos;
	}

	public void addUpstreamNanos(long nanos) {
		upstreamNanos += nanos;
	}

	/** The HTTP status sent to the client (200 for a stream that later failed in-band). */
	public int status() {
		return status;
	}

	public void status(int status) {
		this.status = status;
	}

	/** Usage so far: final after completion; for a cut stream, what was generated until the cut. */
	public Usage usage() {
		return usage;
	}

	public void usage(Usage usage) {
		this.usage = usage;
	}

	/**
	 * The complete canonical answer, assembled from the stream when streamed. Set only when a filter asked for it
	 * with {@link #retainResponse()} (the cache does) and the answer completed successfully.
	 */
	public ChatResponse response() {
		return response;
	}

	public void response(ChatResponse response) {
		this.response = response;
	}

	public boolean retainResponseRequested() {
		return retainResponse;
	}

	/** Asks the dispatcher to assemble the full canonical response, even for streams. */
	public void retainResponse() {
		this.retainResponse = true;
	}

	/** The error returned to the client (as a status or in-band), or null. */
	public LlmError error() {
		return error;
	}

	public void error(LlmError error) {
		this.error = error;
	}

	public CacheStatus cacheStatus() {
		return cacheStatus;
	}

	public void cacheStatus(CacheStatus cacheStatus) {
		this.cacheStatus = cacheStatus;
	}

	/**
	 * For a semantic cache hit ({@link CacheStatus#HIT} answered by a paraphrase), the cosine similarity of the
	 * request to the stored one; null for exact hits and everything else. Metrics count such hits apart.
	 */
	public Double cacheSimilarity() {
		return cacheSimilarity;
	}

	public void cacheSimilarity(Double cacheSimilarity) {
		this.cacheSimilarity = cacheSimilarity;
	}

	/** Provider cost in USD, set by the spend filter; zero for cache hits. */
	public BigDecimal cost() {
		return cost;
	}

	public void cost(BigDecimal cost) {
		this.cost = cost;
	}

	/** What a cache hit saved, in USD. */
	public BigDecimal cacheSaving() {
		return cacheSaving;
	}

	public void cacheSaving(BigDecimal cacheSaving) {
		this.cacheSaving = cacheSaving;
	}

	/** How the exchange ended; null until completion. */
	public Completion completion() {
		return completion;
	}

	/** True once the writer saw the client go away while the answer was being sent. */
	public boolean clientGone() {
		return clientGone;
	}

	/** Records that the client went away mid-answer; the exchange then completes as {@link Completion#CANCELLED}. */
	public void markClientGone() {
		this.clientGone = true;
	}

	/** The meter of this streamed response, or null (not streamed, or no feature asked for one). */
	public StreamedOutputMeter streamedOutput() {
		return streamedOutput;
	}

	/** Set once, by {@link StreamedOutputMeter#install}. */
	void streamedOutput(StreamedOutputMeter meter) {
		this.streamedOutput = meter;
	}

	/** Per-filter state, keyed by a name the filter owns. */
	public Map<String, Object> attributes() {
		return attributes;
	}
}

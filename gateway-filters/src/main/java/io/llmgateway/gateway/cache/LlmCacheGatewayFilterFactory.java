package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.List;

import io.llmgateway.gateway.core.CacheStatus;
import io.llmgateway.gateway.core.FeatureLibraries;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.stream.ResponseReplay;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code LlmCache}: answers repeated requests from the response cache. Put it after {@code LlmModel} (it needs the
 * parsed request and the caller's identity) and before the filters that should not run for a hit (rate limiting,
 * dispatch). Shortcut argument: the TTL, e.g. {@code LlmCache=10m}; long form args {@code ttl},
 * {@code max-entry-size}, {@code namespace} ({@code tenant} | {@code team} | {@code shared}).
 * <p>
 * A hit is answered here in the client's protocol (replayed as a stream when the client asked for one) with
 * {@code x-cache: HIT}, {@code Age} and {@code x-cache-key}, and the rest of the chain does not run. A miss carries
 * {@code x-cache: MISS}, asks the dispatcher to keep the complete answer, and stores it when the exchange completes
 * successfully. The cache is active only when {@code llm.cache.enabled} is true; the body field {@code cache} is
 * removed before dispatch in every case, so providers never see it.
 * <p>
 * With {@code llm.cache.semantic.enabled}, an exact miss goes through the {@link SemanticStage} first: a paraphrase
 * of an answered request in the same scope is answered like a hit, with {@code x-cache: HIT-SEMANTIC} and
 * {@code x-cache-similarity}.
 */
public class LlmCacheGatewayFilterFactory extends AbstractGatewayFilterFactory<LlmCacheGatewayFilterFactory.Config> {

	public static final String X_CACHE = "x-cache";

	private static final Log log = LogFactory.getLog(LlmCacheGatewayFilterFactory.class);

	public static final String X_CACHE_KEY = "x-cache-key";

	/** On a semantic hit: the cosine similarity of the request to the one whose answer it got. */
	public static final String X_CACHE_SIMILARITY = "x-cache-similarity";

	private final CacheProperties properties;

	private final ResponseCache cache;

	private final RequestFingerprint fingerprint;

	private final CachedAnswerCodec codec;

	private final CacheHitWriter hitWriter;

	/** {@code llm.cache.enabled}, and a backend that can store (its library is present). */
	private final boolean active;

	/** Null unless {@code llm.cache.semantic.enabled}. */
	private final SemanticStage semantic;

	public LlmCacheGatewayFilterFactory(CacheProperties properties, ResponseCache cache,
			RequestFingerprint fingerprint, CachedAnswerCodec codec) {
		this(properties, cache, fingerprint, codec, null);
	}

	public LlmCacheGatewayFilterFactory(CacheProperties properties, ResponseCache cache,
			RequestFingerprint fingerprint, CachedAnswerCodec codec, SemanticStage semantic) {
		super(Config.class);
		this.semantic = semantic;
		this.properties = properties;
		this.cache = cache;
		this.fingerprint = fingerprint;
		this.codec = codec;
		this.hitWriter = new CacheHitWriter();
		this.active = properties.enabled() && !(cache instanceof MissingLibraryResponseCache);
	}

	@Override
	public String name() {
		return "LlmCache";
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("ttl");
	}

	@Override
	public GatewayFilter apply(Config config) {
		if (properties.enabled() && cache instanceof MissingLibraryResponseCache missing) {
			FeatureLibraries.warnMissing("LlmCache (the local response cache)", missing.dependency(),
					"routes naming LlmCache pass requests through uncached. Or set llm.cache.backend=redis.");
		}
		Duration ttl = config.getTtl() != null ? config.getTtl() : properties.ttl();
		long maxEntryBytes = (config.getMaxEntrySize() != null ? config.getMaxEntrySize() : properties.maxEntrySize())
			.toBytes();
		NamespaceMode mode = config.getNamespace() != null ? config.getNamespace() : properties.namespace();
		return new CacheFilter(ttl, maxEntryBytes, mode);
	}

	/** The filter of one route. */
	private final class CacheFilter implements GatewayFilter {

		private final Duration ttl;

		private final long maxEntryBytes;

		private final NamespaceMode mode;

		CacheFilter(Duration ttl, long maxEntryBytes, NamespaceMode mode) {
			this.ttl = ttl;
			this.maxEntryBytes = maxEntryBytes;
			this.mode = mode;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			LlmExchange llm = LlmExchange.get(exchange);
			if (llm == null || llm.request() == null) {
				return chain.filter(exchange);
			}
			ChatRequest request = llm.request();
			// Removed before anything else: providers reject unknown fields, cache on or off.
			JsonNode bodyControls = request.extra().remove(CacheControls.BODY_FIELD);
			if (!active) {
				return chain.filter(exchange);
			}
			CacheControls controls = CacheControls.from(exchange.getRequest().getHeaders(), bodyControls);
			ServerHttpResponse response = exchange.getResponse();
			if (bypass(request) || (controls.noCache() && controls.noStore())) {
				llm.cacheStatus(CacheStatus.BYPASS);
				response.getHeaders().set(X_CACHE, "MISS");
				return chain.filter(exchange);
			}
			String alias = llm.group() != null ? llm.group().name() : llm.requestedModel();
			CacheKey key;
			try {
				key = new CacheKey(CacheNamespaces.resolve(mode, llm.identity(), controls.namespace()),
						fingerprint.hash(request, alias));
			}
			catch (RuntimeException ex) {
				// The cache must never fail a request: an unhashable request is simply not cached.
				log.debug("Request " + llm.requestId() + " bypasses the cache: no key", ex);
				llm.cacheStatus(CacheStatus.BYPASS);
				response.getHeaders().set(X_CACHE, "MISS");
				return chain.filter(exchange);
			}
			response.getHeaders().set(X_CACHE_KEY, key.hash());
			if (controls.noCache()) {
				return miss(exchange, chain, llm, key, controls);
			}
			return cache.get(key.id())
				.filter(answer -> usable(answer, request, controls))
				.flatMap(answer -> hit(exchange, llm, key, answer))
				.switchIfEmpty(Mono.defer(() -> semanticOrMiss(exchange, chain, llm, key, controls, alias)))
				.then();
		}

		/** After an exact miss: the semantic stage when it is on and the request qualifies, else a plain miss. */
		private Mono<Boolean> semanticOrMiss(ServerWebExchange exchange, GatewayFilterChain chain, LlmExchange llm,
				CacheKey key, CacheControls controls, String alias) {
			SemanticQuery query = semanticQuery(llm, alias, key);
			if (query == null) {
				return miss(exchange, chain, llm, key, controls).thenReturn(Boolean.TRUE);
			}
			return semantic.embed(query)
				.flatMap(vector -> semantic.find(query, vector)
					.filter(found -> usable(found.answer(), llm.request(), controls))
					.flatMap(found -> semanticHit(exchange, llm, found))
					.switchIfEmpty(Mono.defer(() -> {
						if (!controls.noStore()) {
							llm.onComplete(semantic.indexOnSuccess(query, vector, key,
									controls.ttl() != null ? controls.ttl() : ttl));
						}
						return miss(exchange, chain, llm, key, controls).thenReturn(Boolean.TRUE);
					})))
				.switchIfEmpty(Mono.defer(() -> miss(exchange, chain, llm, key, controls).thenReturn(Boolean.TRUE)));
		}

		/** Null when the stage is off or the request bypasses it; never fails the request. */
		private SemanticQuery semanticQuery(LlmExchange llm, String alias, CacheKey key) {
			try {
				return semantic == null ? null : semantic.query(llm.request(), alias, key.namespace());
			}
			catch (RuntimeException ex) {
				log.debug("Request " + llm.requestId() + " skips the semantic stage: no scope", ex);
				return null;
			}
		}

		private Mono<Boolean> semanticHit(ServerWebExchange exchange, LlmExchange llm, SemanticStage.Hit found) {
			String id = found.answerId();
			Mono<Void> written;
			try {
				written = hitWriter.write(exchange, llm, id.substring(id.lastIndexOf(':') + 1), found.answer(),
						found.similarity());
			}
			catch (RuntimeException ex) {
				log.debug("Stored answer for request " + llm.requestId() + " cannot be encoded; treated as a miss", ex);
				return Mono.empty();
			}
			return written.thenReturn(Boolean.TRUE);
		}

		/** Empty when the stored answer cannot be encoded for this client: then it is a miss. */
		private Mono<Boolean> hit(ServerWebExchange exchange, LlmExchange llm, CacheKey key, CachedAnswer answer) {
			Mono<Void> written;
			try {
				written = hitWriter.write(exchange, llm, key, answer);
			}
			catch (RuntimeException ex) {
				log.debug("Stored answer for request " + llm.requestId() + " cannot be encoded; treated as a miss", ex);
				return Mono.empty();
			}
			return written.thenReturn(Boolean.TRUE);
		}

		private boolean bypass(ChatRequest request) {
			// One canonical answer holds one choice.
			if (request.n() != null && request.n() > 1) {
				return true;
			}
			// Unset means the provider's default, which is above zero for every chat provider.
			return properties.skipPositiveTemperature()
					&& (request.temperature() == null || request.temperature() > 0);
		}

		private boolean usable(CachedAnswer answer, ChatRequest request, CacheControls controls) {
			if (controls.maxAgeSeconds() != null
					&& answer.ageSeconds(System.currentTimeMillis()) > controls.maxAgeSeconds()) {
				return false;
			}
			return !request.stream() || ResponseReplay.canReplay(answer.response());
		}

		private Mono<Void> miss(ServerWebExchange exchange, GatewayFilterChain chain, LlmExchange llm, CacheKey key,
				CacheControls controls) {
			llm.cacheStatus(CacheStatus.MISS);
			exchange.getResponse().getHeaders().set(X_CACHE, "MISS");
			if (!controls.noStore()) {
				llm.retainResponse();
				llm.onComplete(new StoreOnSuccess(cache, codec, key, controls.ttl() != null ? controls.ttl() : ttl,
						maxEntryBytes));
			}
			return chain.filter(exchange);
		}
	}

	/** Route arguments; each falls back to the {@code llm.cache.*} default. */
	public static class Config {

		private Duration ttl;

		private DataSize maxEntrySize;

		private NamespaceMode namespace;

		public Duration getTtl() {
			return ttl;
		}

		public Config setTtl(Duration ttl) {
			this.ttl = ttl;
			return this;
		}

		public DataSize getMaxEntrySize() {
			return maxEntrySize;
		}

		public Config setMaxEntrySize(DataSize maxEntrySize) {
			this.maxEntrySize = maxEntrySize;
			return this;
		}

		public NamespaceMode getNamespace() {
			return namespace;
		}

		public Config setNamespace(NamespaceMode namespace) {
			this.namespace = namespace;
			return this;
		}
	}
}

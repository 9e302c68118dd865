package io.llmgateway.gateway.auth;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.store.DatabaseUnavailableException;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Authenticates virtual keys from memory. A key is looked up by its SHA-256 (the clear key is hashed at once and never
 * kept); a grant read from the database is served from memory and re-read in the background after
 * {@code cache-ttl} (stale-while-revalidate), so the hot path costs no database round trip. When the database cannot
 * be reached, a background re-read fails and the cached grant keeps being served until {@code cache-max-stale} after
 * its last successful read: a database outage does not turn valid keys into 401s. A key never seen before cannot be
 * checked without the database and gets a 503, not a 401, at once while the database is known to be down (the
 * {@link io.llmgateway.gateway.store.DatabaseBreaker} shared by every lookup). Unknown keys are remembered in a separate small cache so a
 * flood of invalid keys neither reaches the database every time nor evicts valid grants.
 */
public class KeyAuthenticator {

	private static final Log log = LogFactory.getLog(KeyAuthenticator.class);

	private final AsyncLoadingCache<String, KeyGrant> grants;

	private final Cache<String, Boolean> unknown;

	private final Clock clock;

	private final LlmDatabase db;

	private final AtomicLong lastUnavailableLog = new AtomicLong(System.nanoTime() - 20_000_000_000L);

	/**
	 * A key that is not in memory while the database is unavailable: 503 at once (the shared breaker refuses without
	 * waiting for a connection), with a hint to retry after the breaker's next probe.
	 */
	static final LlmError KEY_STORE_UNAVAILABLE = LlmError
		.of(ErrorType.UNAVAILABLE, "key_store_unavailable", "The key store is unavailable; try again later.")
		.withRetryAfter(2L);

	public KeyAuthenticator(LlmDatabase db, KeyStore store, IdentityFactory identities, LlmKeysProperties props) {
		this(db, store, identities, props, Ticker.systemTicker(), Clock.systemUTC(), Runnable::run);
	}

	KeyAuthenticator(LlmDatabase db, KeyStore store, IdentityFactory identities, LlmKeysProperties props,
			Ticker ticker, Clock clock, Executor executor) {
		this.clock = clock;
		this.db = db;
		AsyncCacheLoader<String, KeyGrant> loader = (token, ex) -> load(db, store, identities, token);
		this.grants = Caffeine.newBuilder()
			.maximumSize(props.cacheMaxSize())
			.refreshAfterWrite(props.cacheTtl())
			.expireAfterWrite(props.cacheTtl().plus(props.cacheMaxStale()))
			.ticker(ticker)
			.executor(executor)
			.buildAsync(loader);
		this.unknown = Caffeine.newBuilder()
			.maximumSize(Math.max(1_000, props.cacheMaxSize() / 10))
			.expireAfterWrite(props.cacheTtl())
			.ticker(ticker)
			.build();
	}

	private static CompletableFuture<KeyGrant> load(LlmDatabase db, KeyStore store, IdentityFactory identities,
			String token) {
		return db.call(jdbc -> {
			KeyRecord key = store.findKey(token);
			if (key == null) {
				return null;
			}
			TeamRecord team = key.teamId() == null ? null : store.findTeam(key.teamId());
			UserRecord user = key.userId() == null ? null : store.findUser(key.userId());
			return new KeyGrant(key, team, user, identities.forKey(key, team, user));
		}).toFuture();
	}

	/**
	 * The identity of a presented key, or an {@link LlmException}: 401 for unknown, expired or blocked keys, 503 when
	 * the key is not in memory and the database cannot be reached.
	 */
	public Mono<Identity> authenticate(String presentedKey) {
		String token = VirtualKeys.hash(presentedKey);
		if (unknown.getIfPresent(token) != null) {
			return Mono.error(invalid());
		}
		CompletableFuture<KeyGrant> cached = grants.getIfPresent(token);
		if (cached == null && !db.available()) {
			// not in memory and the database known to be down: answer now, without a cache load that can only fail
			logUnavailable(null);
			return Mono.error(new LlmException(KEY_STORE_UNAVAILABLE));
		}
		KeyGrant grant = cached != null && cached.isDone() && !cached.isCompletedExceptionally() ? cached.join() : null;
		if (grant != null) {
			// the common case, a key read before: no future adapter and operator chain per request
			try {
				return Mono.just(check(grant));
			}
			catch (LlmException ex) {
				return Mono.error(ex);
			}
		}
		return Mono.fromFuture(() -> grants.get(token), true)
			.onErrorMap(ex -> !(ex instanceof LlmException), ex -> {
				logUnavailable(ex);
				return new LlmException(KEY_STORE_UNAVAILABLE);
			})
			.switchIfEmpty(Mono.defer(() -> {
				unknown.put(token, Boolean.TRUE);
				return Mono.error(invalid());
			}))
			.map(this::check);
	}

	/** One line per 10 s at most: during an outage every uncached key fails, and fast. */
	private void logUnavailable(Throwable ex) {
		long now = System.nanoTime();
		long last = lastUnavailableLog.get();
		if (now - last > 10_000_000_000L && lastUnavailableLog.compareAndSet(last, now)) {
			log.warn("Key store unavailable and key not cached (503 key_store_unavailable): "
					+ (ex == null ? db.status().reason()
							: ex instanceof DatabaseUnavailableException ? ex.getMessage() : ex.getClass().getSimpleName()));
		}
	}

	private Identity check(KeyGrant grant) {
		if (grant.expired(OffsetDateTime.now(clock))) {
			throw new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "expired_api_key",
					"API key expired at " + grant.key().expiresAt() + "."));
		}
		if (grant.key().blocked()) {
			throw new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "blocked_api_key", "API key is blocked."));
		}
		if (grant.team() != null && grant.team().blocked()) {
			throw new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "blocked_team",
					"API key's team is blocked."));
		}
		return grant.identity();
	}

	static LlmException invalid() {
		return new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "invalid_api_key", "Invalid API key."));
	}

	/** Forgets one key (after a local admin change), so the next request reads it again. */
	public void invalidate(String token) {
		grants.synchronous().invalidate(token);
		unknown.invalidate(token);
	}

	/** Forgets every key (after a team or user change, which affects many keys). */
	public void invalidateAll() {
		grants.synchronous().invalidateAll();
		unknown.invalidateAll();
	}
}

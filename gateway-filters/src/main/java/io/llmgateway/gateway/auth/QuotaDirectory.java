package io.llmgateway.gateway.auth;

import java.util.Optional;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import reactor.core.publisher.Mono;

/**
 * Team and user rows for callers identified elsewhere (Spring Security, trusted headers), so their team's and
 * user's budgets and limits apply as they do to keys. Cached like keys: served from memory, re-read in the background
 * after {@code cache-ttl}, kept through a database outage for {@code cache-max-stale}.
 */
public class QuotaDirectory {

	private final AsyncLoadingCache<String, Optional<TeamRecord>> teams;

	private final AsyncLoadingCache<String, Optional<UserRecord>> users;

	private final IdentityFactory identities;

	public QuotaDirectory(LlmDatabase db, KeyStore store, IdentityFactory identities, LlmKeysProperties props) {
		this(db, store, identities, props, Ticker.systemTicker(), Runnable::run);
	}

	QuotaDirectory(LlmDatabase db, KeyStore store, IdentityFactory identities, LlmKeysProperties props, Ticker ticker,
			Executor executor) {
		this.identities = identities;
		Caffeine<Object, Object> builder = Caffeine.newBuilder()
			.maximumSize(props.cacheMaxSize())
			.refreshAfterWrite(props.cacheTtl())
			.expireAfterWrite(props.cacheTtl().plus(props.cacheMaxStale()))
			.ticker(ticker)
			.executor(executor);
		this.teams = builder.buildAsync((id, ex) -> db.call(j -> Optional.ofNullable(store.findTeam(id))).toFuture());
		this.users = builder.buildAsync((id, ex) -> db.call(j -> Optional.ofNullable(store.findUser(id))).toFuture());
	}

	/** The identity of an externally authenticated caller, with its team's and user's quotas when they exist. */
	public Mono<Identity> identity(String userId, String teamId, java.util.Set<String> claimedModels, boolean admin) {
		Mono<Optional<TeamRecord>> team = teamId == null ? Mono.just(Optional.empty())
				: Mono.fromFuture(() -> teams.get(teamId), true);
		Mono<Optional<UserRecord>> user = userId == null ? Mono.just(Optional.empty())
				: Mono.fromFuture(() -> users.get(userId), true);
		return Mono.zip(team, user)
			.onErrorMap(ex -> !(ex instanceof LlmException), ex -> new LlmException(LlmError.of(ErrorType.UNAVAILABLE,
					"key_store_unavailable", "The key store is unavailable; try again later.")))
			.map(t -> {
				TeamRecord tr = t.getT1().orElse(null);
				if (tr != null && tr.blocked()) {
					throw new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "blocked_team", "Team is blocked."));
				}
				return identities.forPrincipal(userId, teamId, claimedModels, admin, tr, t.getT2().orElse(null));
			});
	}

	public void invalidateAll() {
		teams.synchronous().invalidateAll();
		users.synchronous().invalidateAll();
	}
}

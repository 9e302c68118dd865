package io.llmgateway.gateway.auth;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The gateway's own keys: the master key or a virtual key, from {@code Authorization: Bearer}, {@code x-api-key}
 * (Anthropic SDKs, Claude Code) or {@code api-key} (Azure SDKs).
 *
 * <p>How keys combine with other identity (documented in docs/keys.md): identity headers from a trusted proxy come
 * first (the proxy authenticated the caller). Otherwise <b>a presented key is always checked</b>, also when Spring
 * Security authenticated a principal: an unknown, blocked or expired key is a 401, a valid one makes the request run
 * as that key (its models, limits and budgets). A bearer token Spring Security itself authenticated (OAuth2 JWT or
 * opaque token, see {@link AppCredentials}) is the application's credential, not a key. With no key presented the
 * next resolvers decide (the Spring Security principal), and {@link IdentityRequiredResolver} refuses the rest.
 */
public class VirtualKeyIdentityResolver implements IdentityResolver {

	/** Before the Spring Security principal (100), after trusted headers (40). */
	public static final int ORDER = 50;

	private static final Mono<Identity> MASTER = Mono.just(IdentityFactory.MASTER);

	private final MasterKeyAdminAuthorizer masterKey;

	private final KeyAuthenticator authenticator;

	private final AppCredentials app;

	/**
	 * @param authenticator the key store's authenticator, or null without a key store (then only the master key is
	 *     accepted)
	 */
	public VirtualKeyIdentityResolver(MasterKeyAdminAuthorizer masterKey, KeyAuthenticator authenticator,
			AppCredentials app) {
		this.masterKey = masterKey;
		this.authenticator = authenticator;
		this.app = app == null ? AppCredentials.NONE : app;
	}

	@Override
	public Mono<Identity> resolve(ServerWebExchange exchange, LlmExchange llm) {
		HttpHeaders h = exchange.getRequest().getHeaders();
		String other = headerKey(h);
		String auth = h.getFirst(HttpHeaders.AUTHORIZATION);
		String rest = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7) : null;
		if (rest != null && !rest.isBlank()) {
			String bearer = rest.trim();
			if (app == AppCredentials.NONE) {
				return check(bearer);
			}
			return app.ownsBearer(exchange, bearer)
				.flatMap(owned -> owned ? (other == null ? Mono.<Identity>empty() : check(other)) : check(bearer));
		}
		return other == null ? Mono.empty() : check(other);
	}

	private static String headerKey(HttpHeaders h) {
		String key = h.getFirst("x-api-key");
		if (key == null || key.isBlank()) {
			key = h.getFirst("api-key");
		}
		return key == null || key.isBlank() ? null : key.trim();
	}

	private Mono<Identity> check(String presented) {
		if (masterKey.isMasterKey(presented)) {
			return MASTER;
		}
		if (authenticator == null) {
			return Mono.error(new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "invalid_api_key",
					"Invalid API key: this gateway has no virtual-key store (llm.database), only the master key is "
							+ "accepted.")));
		}
		return authenticator.authenticate(presented);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}
}

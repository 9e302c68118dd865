package io.llmgateway.gateway.auth;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The gateway's own keys: the master key or a virtual key, from {@code Authorization: Bearer}, {@code x-api-key}
 * (Anthropic SDKs, Claude Code) or {@code api-key} (Azure SDKs). Runs after the resolvers that read other
 * authentication (Spring Security, trusted headers), so a caller they identified needs no key. When keys are required
 * and none is presented the request gets a 401.
 */
public class VirtualKeyIdentityResolver implements IdentityResolver {

	public static final int ORDER = 1000;

	private final MasterKeyAdminAuthorizer masterKey;

	private final KeyAuthenticator authenticator;

	public VirtualKeyIdentityResolver(MasterKeyAdminAuthorizer masterKey, KeyAuthenticator authenticator) {
		this.masterKey = masterKey;
		this.authenticator = authenticator;
	}

	@Override
	public Mono<Identity> resolve(ServerWebExchange exchange, LlmExchange llm) {
		String presented = MasterKeyAdminAuthorizer.presentedKey(exchange.getRequest());
		if (presented == null || presented.isEmpty()) {
			return Mono.error(new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "missing_api_key",
					"Missing API key: send it as 'Authorization: Bearer <key>', 'x-api-key: <key>' or "
							+ "'api-key: <key>'.")));
		}
		if (masterKey.isMasterKey(presented)) {
			return Mono.just(IdentityFactory.MASTER);
		}
		return authenticator.authenticate(presented);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}
}

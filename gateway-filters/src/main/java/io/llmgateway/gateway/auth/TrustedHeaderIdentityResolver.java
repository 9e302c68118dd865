package io.llmgateway.gateway.auth;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmExchange;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Identity from headers set by a proxy in front of the gateway (Kong, an ingress, an API gateway that already
 * authenticated the caller): {@code x-llm-user}, {@code x-llm-team}, optionally {@code x-llm-models}. Accepted only
 * when the immediate peer address is one of {@code llm.auth.trusted-header.trusted-proxies}; the same headers from
 * any other address are refused with a 401 rather than ignored, so a spoofing attempt or a misconfigured proxy list
 * is visible at once.
 */
public class TrustedHeaderIdentityResolver implements IdentityResolver {

	public static final int ORDER = 40;

	private final LlmAuthProperties.TrustedHeader config;

	private final List<IpRange> trusted;

	private final QuotaDirectory directory;

	public TrustedHeaderIdentityResolver(LlmAuthProperties.TrustedHeader config, QuotaDirectory directory) {
		this.config = config;
		this.trusted = config.trustedProxies().stream().map(IpRange::parse).toList();
		this.directory = directory;
	}

	@Override
	public Mono<Identity> resolve(ServerWebExchange exchange, LlmExchange llm) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		String user = blankToNull(headers.getFirst(config.userHeader()));
		String team = blankToNull(headers.getFirst(config.teamHeader()));
		String models = blankToNull(headers.getFirst(config.modelsHeader()));
		if (user == null && team == null) {
			return Mono.empty();
		}
		InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
		if (peer == null || trusted.stream().noneMatch(r -> r.contains(peer.getAddress()))) {
			return Mono.error(new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "untrusted_identity_header",
					"'" + config.userHeader() + "' and '" + config.teamHeader()
							+ "' are accepted only from trusted proxies.")));
		}
		Set<String> claimed = models == null ? null
				: new LinkedHashSet<>(Arrays.stream(models.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
		if (directory != null) {
			return directory.identity(user, team, claimed, false);
		}
		return Mono.just(new Identity(null, null, user, team, claimed == null ? Set.of() : claimed, null, null, null,
				false));
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}
}

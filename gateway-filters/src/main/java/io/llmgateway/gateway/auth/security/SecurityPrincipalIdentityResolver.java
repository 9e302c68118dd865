package io.llmgateway.gateway.auth.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.auth.LlmAuthProperties;
import io.llmgateway.gateway.auth.QuotaDirectory;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.IdentityResolver;
import io.llmgateway.gateway.core.LlmExchange;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Identity from the Spring Security principal that the application's own security filter chain authenticated (HTTP
 * basic, form login, OAuth2 JWT or opaque token, ...). JWT claims name the user, team and allowed models per
 * {@code llm.auth.jwt.*}; without claims the user is the principal name and the team an authority
 * {@code TEAM_<id>}. An authority {@code llm.auth.principal.admin-authority} makes the caller an admin. Anonymous
 * or missing authentication yields nothing, so the next resolver (virtual keys) decides.
 */
public class SecurityPrincipalIdentityResolver implements IdentityResolver {

	public static final int ORDER = 100;

	private static final boolean OAUTH2_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken",
			SecurityPrincipalIdentityResolver.class.getClassLoader());

	private final LlmAuthProperties properties;

	private final QuotaDirectory directory;

	public SecurityPrincipalIdentityResolver(LlmAuthProperties properties, QuotaDirectory directory) {
		this.properties = properties;
		this.directory = directory;
	}

	@Override
	public Mono<Identity> resolve(ServerWebExchange exchange, LlmExchange llm) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.filter(a -> a.isAuthenticated() && !(a instanceof AnonymousAuthenticationToken))
			.flatMap(this::identity);
	}

	Mono<Identity> identity(Authentication authentication) {
		Map<String, Object> claims = OAUTH2_PRESENT ? OAuth2Claims.of(authentication) : Map.of();
		LlmAuthProperties.Jwt jwt = properties.jwt();
		String user = text(claims.get(jwt.userClaim()));
		if (user == null) {
			user = authentication.getName();
		}
		String team = text(claims.get(jwt.teamClaim()));
		boolean admin = false;
		String prefix = properties.principal().teamAuthorityPrefix();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			String name = authority.getAuthority();
			if (name == null) {
				continue;
			}
			if (name.equals(properties.principal().adminAuthority())) {
				admin = true;
			}
			else if (team == null && !prefix.isEmpty() && name.startsWith(prefix) && name.length() > prefix.length()) {
				team = name.substring(prefix.length());
			}
		}
		Set<String> models = jwt.modelsClaim() == null ? null : list(claims.get(jwt.modelsClaim()));
		if (directory != null) {
			return directory.identity(user, team, models, admin);
		}
		return Mono.just(new Identity(null, null, user, team, admin || models == null ? Set.of() : models, null, null,
				null, admin));
	}

	private static String text(Object claim) {
		if (claim == null) {
			return null;
		}
		String s = claim.toString();
		return s.isBlank() ? null : s;
	}

	private static Set<String> list(Object claim) {
		Set<String> out = new LinkedHashSet<>();
		if (claim instanceof Collection<?> c) {
			c.forEach(v -> out.add(v.toString()));
		}
		else if (claim != null) {
			Arrays.stream(claim.toString().split("[,\\s]+")).filter(s -> !s.isEmpty()).forEach(out::add);
		}
		return out;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}
}

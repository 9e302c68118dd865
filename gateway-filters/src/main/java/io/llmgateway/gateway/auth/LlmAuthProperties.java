package io.llmgateway.gateway.auth;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.auth.*}: identities the gateway takes from others (Spring Security, an upstream proxy).
 *
 * @param enabled register the identity resolvers of this package
 * @param principal how a Spring Security principal becomes an identity
 * @param jwt which JWT claims carry user, team and models
 * @param trustedHeader identity headers set by a trusted proxy (Kong, an ingress, an API gateway)
 */
@ConfigurationProperties(LlmAuthProperties.PREFIX)
public record LlmAuthProperties(Boolean enabled, Principal principal, Jwt jwt, TrustedHeader trustedHeader) {

	public static final String PREFIX = "llm.auth";

	public LlmAuthProperties {
		enabled = enabled == null || enabled;
		principal = principal == null ? new Principal(null, null, null) : principal;
		jwt = jwt == null ? new Jwt(null, null, null) : jwt;
		trustedHeader = trustedHeader == null ? new TrustedHeader(null, null, null, null, null) : trustedHeader;
	}

	/**
	 * @param enabled resolve the Spring Security principal (when Spring Security is on the classpath)
	 * @param adminAuthority the granted authority that makes a principal an admin (admin API, all models)
	 * @param teamAuthorityPrefix an authority {@code <prefix><team>} names the principal's team when no claim does
	 */
	public record Principal(Boolean enabled, String adminAuthority, String teamAuthorityPrefix) {

		public Principal {
			enabled = enabled == null || enabled;
			adminAuthority = adminAuthority == null ? "ROLE_LLM_ADMIN" : adminAuthority;
			teamAuthorityPrefix = teamAuthorityPrefix == null ? "TEAM_" : teamAuthorityPrefix;
		}
	}

	/**
	 * @param userClaim claim holding the user id (default {@code sub})
	 * @param teamClaim claim holding the team id (default {@code team})
	 * @param modelsClaim claim holding the allowed model aliases (a list or a space/comma separated string); unset
	 *     means "all models"
	 */
	public record Jwt(String userClaim, String teamClaim, String modelsClaim) {

		public Jwt {
			userClaim = userClaim == null ? "sub" : userClaim;
			teamClaim = teamClaim == null ? "team" : teamClaim;
		}
	}

	/**
	 * @param enabled accept identity headers at all (default false)
	 * @param userHeader header with the user id
	 * @param teamHeader header with the team id
	 * @param modelsHeader header with comma separated allowed model aliases (optional)
	 * @param trustedProxies addresses or CIDR ranges of the proxies allowed to set these headers; the immediate peer
	 *     address is checked, never {@code X-Forwarded-For}
	 */
	public record TrustedHeader(Boolean enabled, String userHeader, String teamHeader, String modelsHeader,
			List<String> trustedProxies) {

		public TrustedHeader {
			enabled = enabled != null && enabled;
			userHeader = userHeader == null ? "x-llm-user" : userHeader;
			teamHeader = teamHeader == null ? "x-llm-team" : teamHeader;
			modelsHeader = modelsHeader == null ? "x-llm-models" : modelsHeader;
			trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
		}
	}
}

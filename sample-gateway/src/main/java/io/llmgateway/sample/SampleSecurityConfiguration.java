package io.llmgateway.sample;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * The sample's two identity modes. By default Spring Security stays out of the way (its chain matches no request)
 * and the gateway's own virtual keys identify callers. With the {@code security} profile Spring Security
 * authenticates HTTP basic users and HS256 JWTs signed with a local test key, and the LLM filters read its principal
 * (docs/keys.md); virtual keys ({@code sk-...}) still work beside them.
 */
@Configuration(proxyBeanMethods = false)
public class SampleSecurityConfiguration {

	/** Default mode: no request is matched, so nothing is secured by Spring Security and virtual keys decide. */
	@Bean
	@Profile("!security")
	SecurityWebFilterChain virtualKeysOnly(ServerHttpSecurity http) {
		return http.securityMatcher(exchange -> ServerWebExchangeMatcher.MatchResult.notMatch()).build();
	}

	/**
	 * Security profile: HTTP basic or a JWT authenticates; requests are not refused here but by the LLM filters
	 * (keys are required in this profile), so errors reach clients in their own protocol. Bearer tokens that look
	 * like the gateway's keys ({@code sk-...}) are left to the gateway, every other bearer token must be a valid JWT.
	 */
	@Bean
	@Profile("security")
	SecurityWebFilterChain springSecurity(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder) {
		ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
		ServerAuthenticationConverter jwtOnly = exchange -> {
			String auth = exchange.getRequest().getHeaders().getFirst("Authorization");
			if (auth != null && auth.regionMatches(true, 0, "Bearer sk-", 0, 10)) {
				return reactor.core.publisher.Mono.empty();
			}
			return bearer.convert(exchange);
		};
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(Customizer.withDefaults())
			.oauth2ResourceServer(o -> o.bearerTokenConverter(jwtOnly).jwt(j -> j.jwtDecoder(jwtDecoder)))
			.authorizeExchange(a -> a.anyExchange().permitAll())
			.build();
	}

	@Bean
	@Profile("security")
	ReactiveJwtDecoder sampleJwtDecoder(@Value("${sample.security.jwt-secret}") String secret) {
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length < 32) {
			throw new IllegalArgumentException("sample.security.jwt-secret must have at least 32 bytes for HS256");
		}
		return NimbusReactiveJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
	}

	/** Two demo users: alice of team {@code demo}, and an admin who may use the admin API. */
	@Bean
	@Profile("security")
	MapReactiveUserDetailsService sampleUsers(@Value("${sample.security.alice-password}") String alice,
			@Value("${sample.security.admin-password}") String admin) {
		return new MapReactiveUserDetailsService(
				User.withUsername("alice").password("{noop}" + alice).authorities("TEAM_demo").build(),
				User.withUsername("admin").password("{noop}" + admin).authorities("ROLE_LLM_ADMIN").build());
	}
}

package io.llmgateway.gateway.auth;

import java.time.Instant;
import java.util.List;

import io.llmgateway.gateway.auth.security.SecurityAdminAuthorizer;
import io.llmgateway.gateway.auth.security.SecurityPrincipalIdentityResolver;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityPrincipalIdentityResolverTests {

	static final MockServerWebExchange EXCHANGE = MockServerWebExchange.from(MockServerHttpRequest.post("/"));

	static <T> T as(Authentication auth, Mono<T> mono) {
		return mono.contextWrite(ReactiveSecurityContextHolder.withAuthentication(auth)).block();
	}

	static LlmAuthProperties props(String modelsClaim) {
		return new LlmAuthProperties(true, null, new LlmAuthProperties.Jwt("email", "org", modelsClaim), null);
	}

	@Test
	void jwtClaimsNameUserTeamAndModelsAsConfigured() {
		Jwt jwt = Jwt.withTokenValue("t").header("alg", "none").subject("subject-1").claim("email", "ann@example.com")
			.claim("org", "research").claim("llm_models", List.of("gpt-4o", "claude")).issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60)).build();
		var resolver = new SecurityPrincipalIdentityResolver(props("llm_models"), null);
		Identity id = as(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES), resolver.resolve(EXCHANGE, null));
		assertThat(id.userId()).isEqualTo("ann@example.com");
		assertThat(id.teamId()).isEqualTo("research");
		assertThat(id.allowedModels()).containsExactlyInAnyOrder("gpt-4o", "claude");
		assertThat(id.admin()).isFalse();
	}

	@Test
	void plainPrincipalsUseTheirNameAndTeamAuthority() {
		var auth = UsernamePasswordAuthenticationToken.authenticated("bob", "n/a",
				AuthorityUtils.createAuthorityList("ROLE_USER", "TEAM_eng"));
		Identity id = as(auth, new SecurityPrincipalIdentityResolver(props(null), null).resolve(EXCHANGE, null));
		assertThat(id.userId()).isEqualTo("bob");
		assertThat(id.teamId()).isEqualTo("eng");
		assertThat(id.allowedModels()).isEmpty();
	}

	@Test
	void adminAuthorityMakesAnAdminForModelsAndTheAdminApi() {
		var auth = UsernamePasswordAuthenticationToken.authenticated("root", "n/a",
				AuthorityUtils.createAuthorityList("ROLE_LLM_ADMIN"));
		Identity id = as(auth, new SecurityPrincipalIdentityResolver(props(null), null).resolve(EXCHANGE, null));
		assertThat(id.admin()).isTrue();
		var authorizer = new SecurityAdminAuthorizer(new MasterKeyAdminAuthorizer("sk-m"), "ROLE_LLM_ADMIN");
		assertThat(as(auth, authorizer.isAdmin(EXCHANGE.getRequest()))).isTrue();
		var bob = UsernamePasswordAuthenticationToken.authenticated("bob", "n/a", AuthorityUtils.NO_AUTHORITIES);
		assertThat(as(bob, authorizer.isAdmin(EXCHANGE.getRequest()))).isFalse();
		assertThat(authorizer.isAdmin(MockServerHttpRequest.get("/").header("Authorization", "Bearer sk-m").build())
			.block()).isTrue();
	}

	@Test
	void anonymousOrMissingAuthenticationYieldsNothing() {
		var resolver = new SecurityPrincipalIdentityResolver(props(null), null);
		assertThat(resolver.resolve(EXCHANGE, null).blockOptional()).isEmpty();
		var anon = new AnonymousAuthenticationToken("k", "anonymousUser",
				AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
		assertThat(resolver.resolve(EXCHANGE, null)
			.contextWrite(ReactiveSecurityContextHolder.withAuthentication(anon))
			.blockOptional()).isEmpty();
	}
}

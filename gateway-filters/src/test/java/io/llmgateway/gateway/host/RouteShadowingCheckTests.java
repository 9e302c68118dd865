package io.llmgateway.gateway.host;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

import static org.assertj.core.api.Assertions.assertThat;

class RouteShadowingCheckTests {

	static RouteDefinition route(String id, int order, List<String> predicates, String... filters) {
		RouteDefinition r = new RouteDefinition();
		r.setId(id);
		r.setUri(URI.create("http://example.invalid"));
		r.setOrder(order);
		r.setPredicates(predicates.stream().map(PredicateDefinition::new).toList());
		r.setFilters(List.of(filters).stream().map(FilterDefinition::new).toList());
		return r;
	}

	@Test
	void anAppRouteDeclaredFirstWithAWiderPathShadowsTheLlmRoute() {
		List<String> warnings = RouteShadowingCheck.check(List.of(route("app", 0, List.of("Path=/v1/**")),
				route("chat", 0, List.of("Path=/v1/chat/completions"), "LlmModel", "LlmTranslate")));
		assertThat(warnings).singleElement().asString()
			.contains("LLM route 'chat' is shadowed by route 'app'", "declared earlier", "/v1/chat/completions",
					"order: -1");
	}

	@Test
	void aLowerOrderPutsTheLlmRouteFirst() {
		assertThat(RouteShadowingCheck.check(List.of(route("app", 0, List.of("Path=/v1/**")),
				route("chat", -1, List.of("Path=/v1/chat/completions"), "LlmModel")))).isEmpty();
	}

	@Test
	void anEarlierRouteWithALowerOrderShadowsEvenWhenDeclaredLater() {
		assertThat(RouteShadowingCheck.check(List.of(route("chat", 0, List.of("Path=/v1/**"), "LlmModel"),
				route("app", -5, List.of("Path=/v1/{segment}/completions")))))
			.singleElement().asString().contains("order -5 < 0", "/v1/x/completions");
	}

	@Test
	void disjointPathsOrMethodsDoNotOverlap() {
		assertThat(RouteShadowingCheck.check(List.of(route("app", 0, List.of("Path=/api/**")),
				route("chat", 0, List.of("Path=/v1/chat/completions"), "LlmModel")))).isEmpty();
		assertThat(RouteShadowingCheck.check(List.of(route("app", 0, List.of("Path=/v1/**", "Method=GET")),
				route("chat", 0, List.of("Path=/v1/chat/completions", "Method=POST"), "LlmModel")))).isEmpty();
	}

	@Test
	void aRouteWithoutPathMatchesEveryPathAndOtherPredicatesAreNamed() {
		assertThat(RouteShadowingCheck.check(List.of(route("by-host", 0, List.of("Host=**.example.com")),
				route("chat", 0, List.of("Path=/v1/chat/completions"), "LlmModel"))))
			.singleElement().asString().contains("unless its [Host] predicates exclude it");
	}

	@Test
	void routesWithoutLlmFiltersAreNotChecked() {
		assertThat(RouteShadowingCheck.check(List.of(route("a", 0, List.of("Path=/**")),
				route("b", 0, List.of("Path=/v1/**"))))).isEmpty();
	}
}

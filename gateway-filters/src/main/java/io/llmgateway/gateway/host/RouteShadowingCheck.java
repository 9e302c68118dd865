package io.llmgateway.gateway.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Warns at start-up when an LLM route (one carrying an {@code Llm*} filter) can never see some of its requests
 * because a route ahead of it (lower {@code order}, or the same order and declared earlier, which is how Spring Cloud
 * Gateway sorts routes) has an overlapping {@code Path} (and {@code Method}) predicate: typically an application's
 * {@code Path=/v1/**} route with the LLM routes appended after it. Only routes defined in configuration are compared
 * (not Java DSL routes); predicates other than Path and Method are not evaluated, the message names them.
 */
final class RouteShadowingCheck {

	private static final Log log = LogFactory.getLog(RouteShadowingCheck.class);

	private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

	private RouteShadowingCheck() {
	}

	/** The warnings for these definitions, in the order Spring Cloud Gateway evaluates them. */
	static List<String> check(List<RouteDefinition> definitions) {
		List<RouteDefinition> ordered = new ArrayList<>(definitions);
		ordered.sort(Comparator.comparingInt(RouteDefinition::getOrder)); // stable: declaration order within an order
		List<String> warnings = new ArrayList<>();
		for (int i = 0; i < ordered.size(); i++) {
			RouteDefinition llm = ordered.get(i);
			if (!isLlmRoute(llm)) {
				continue;
			}
			for (int j = 0; j < i; j++) {
				RouteDefinition earlier = ordered.get(j);
				String example = overlap(earlier, llm);
				if (example != null) {
					warnings.add(message(llm, earlier, example));
					break;
				}
			}
		}
		return warnings;
	}

	static void logWarnings(List<RouteDefinition> definitions) {
		try {
			check(definitions).forEach(log::warn);
		}
		catch (RuntimeException ex) {
			log.debug("Route shadowing check skipped: " + ex.getMessage());
		}
	}

	static boolean isLlmRoute(RouteDefinition route) {
		return route.getFilters().stream().map(FilterDefinition::getName).anyMatch(n -> n != null && n.startsWith("Llm"));
	}

	/** A request path both routes accept (and the earlier one gets), or null when they cannot overlap. */
	static String overlap(RouteDefinition earlier, RouteDefinition llm) {
		Set<String> m1 = methods(earlier);
		Set<String> m2 = methods(llm);
		if (!m1.isEmpty() && !m2.isEmpty() && m1.stream().noneMatch(m2::contains)) {
			return null;
		}
		for (String p2 : paths(llm)) {
			PathPattern later = PARSER.parse(p2);
			for (String p1 : paths(earlier)) {
				PathPattern first = PARSER.parse(p1);
				String e2 = example(p2);
				if (first.matches(PathContainer.parsePath(e2))) {
					return e2;
				}
				String e1 = example(p1);
				if (later.matches(PathContainer.parsePath(e1))) {
					return e1;
				}
			}
		}
		return null;
	}

	/** The Path patterns of a route; a route without a Path predicate accepts every path. */
	static List<String> paths(RouteDefinition route) {
		List<String> out = new ArrayList<>();
		boolean any = false;
		for (PredicateDefinition p : route.getPredicates()) {
			if ("Path".equalsIgnoreCase(p.getName())) {
				any = true;
				out.addAll(p.getArgs().values());
			}
		}
		return any ? out : List.of("/**");
	}

	static Set<String> methods(RouteDefinition route) {
		Set<String> out = new TreeSet<>();
		for (PredicateDefinition p : route.getPredicates()) {
			if ("Method".equalsIgnoreCase(p.getName())) {
				p.getArgs().values().forEach(v -> out.add(v.trim().toUpperCase(Locale.ROOT)));
			}
		}
		return out;
	}

	/** A concrete path the pattern matches: every variable or wildcard segment becomes {@code x}. */
	static String example(String pattern) {
		String p = pattern.replaceAll("\\{\\*[^}]*}", "x").replaceAll("\\{[^}]*}", "x").replace("**", "x")
			.replace("*", "x").replace("?", "x");
		return p.isEmpty() ? "/" : p;
	}

	private static String message(RouteDefinition llm, RouteDefinition earlier, String example) {
		List<String> others = earlier.getPredicates().stream().map(PredicateDefinition::getName)
			.filter(n -> !"Path".equalsIgnoreCase(n) && !"Method".equalsIgnoreCase(n)).toList();
		String position = earlier.getOrder() < llm.getOrder() ? "order " + earlier.getOrder() + " < " + llm.getOrder()
				: "same order " + llm.getOrder() + ", declared earlier";
		return "LLM route '" + llm.getId() + "' is shadowed by route '" + earlier.getId() + "' (" + position + "; "
				+ describe(earlier) + "): a request for " + example + " goes to '" + earlier.getId() + "'"
				+ (others.isEmpty() ? "" : " unless its " + others + " predicates exclude it")
				+ ". Give the LLM route a lower order (e.g. 'order: -1') or narrow '" + earlier.getId()
				+ "'; Spring Cloud Gateway uses the first matching route.";
	}

	private static String describe(RouteDefinition route) {
		List<String> parts = new ArrayList<>();
		parts.add("Path=" + String.join(",", paths(route)));
		Set<String> methods = methods(route);
		if (!methods.isEmpty()) {
			parts.add("Method=" + String.join(",", methods));
		}
		return String.join(", ", parts);
	}
}

package io.llmgateway.gateway.store;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The gateway has a database only when something needs it, decided from properties alone:
 * <ul>
 * <li>{@code llm.database.enabled} decides when it is set;</li>
 * <li>else a configured database ({@code llm.datasource.url}, {@code llm.datasource.use-application-datasource});</li>
 * <li>else virtual keys ({@code llm.keys.enabled=true}, or a {@code llm.keys.master-key} with {@code enabled}
 * unset), unless {@code llm.auth.enabled=false};</li>
 * <li>else the spend ledger: {@code llm.spend.ledger.enabled=true}, or a route or default filter using
 * {@code LlmSpend}, unless {@code llm.spend.enabled} or {@code llm.spend.ledger.enabled} is false.</li>
 * </ul>
 * Otherwise no database, file or migration is created. Routes declared in Java (a {@code RouteLocator} bean) are not
 * seen: set {@code llm.spend.ledger.enabled=true} for them.
 */
public class LlmDatabaseCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String why = reason(context.getEnvironment());
		return why != null ? ConditionOutcome.match("the gateway's database is needed: " + why)
				: ConditionOutcome.noMatch("no feature needs the gateway's database (set llm.database.enabled=true to force it)");
	}

	/** Why a database is needed, or null when it is not. */
	public static String reason(Environment env) {
		Binder binder = Binder.get(env);
		Boolean enabled = bool(binder, "llm.database.enabled");
		if (enabled != null) {
			return enabled ? "llm.database.enabled=true" : null;
		}
		if (binder.bind("llm.datasource.url", String.class).map(s -> !s.isBlank()).orElse(false)) {
			return "llm.datasource.url";
		}
		if (Boolean.TRUE.equals(bool(binder, "llm.datasource.use-application-datasource"))) {
			return "llm.datasource.use-application-datasource=true";
		}
		if (!Boolean.FALSE.equals(bool(binder, "llm.auth.enabled"))) {
			Boolean keys = bool(binder, "llm.keys.enabled");
			String master = binder.bind("llm.keys.master-key", String.class).orElse("");
			if (keys != null ? keys : !master.isBlank()) {
				return "virtual keys (llm.keys)";
			}
		}
		if (Boolean.FALSE.equals(bool(binder, "llm.spend.enabled"))) {
			return null;
		}
		Boolean ledger = bool(binder, "llm.spend.ledger.enabled");
		if (ledger != null) {
			return ledger ? "llm.spend.ledger.enabled=true" : null;
		}
		return routesUseSpend(env) ? "a route uses LlmSpend (spend ledger)" : null;
	}

	private static Boolean bool(Binder binder, String name) {
		return binder.bind(name, Boolean.class).orElse(null);
	}

	/** True when a gateway route or default filter declared in properties names {@code LlmSpend}. */
	static boolean routesUseSpend(Environment env) {
		if (!(env instanceof ConfigurableEnvironment configurable)) {
			return false;
		}
		List<PropertySource<?>> sources = new ArrayList<>();
		configurable.getPropertySources().forEach(sources::add);
		for (PropertySource<?> source : sources) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				if (name.startsWith("spring.cloud.gateway.") && name.contains("filters[")) {
					Object v = source.getProperty(name);
					if (v != null && names(v.toString())) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean names(String value) {
		String v = value.trim();
		return v.equals("LlmSpend") || v.startsWith("LlmSpend=");
	}
}

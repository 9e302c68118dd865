package io.llmgateway.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.core.LlmExchange;

/**
 * The dimensions that identify one bucket, parsed from a {@code by} value such as {@code team+model}. A request for
 * which one of the dimensions is unknown (no team, no end user) is not subject to that limit.
 */
public record KeyScope(String spec, List<Dimension> dimensions) {

	/** One thing the request context knows about a request. */
	public enum Dimension {
		GLOBAL, ROUTE, KEY, USER, TEAM, END_USER, MODEL, DEPLOYMENT;

		String label() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		/** This dimension's value for the request, or null when the request has none. */
		String valueOf(LlmExchange llm) {
			Identity id = llm.identity();
			return switch (this) {
				case GLOBAL -> "*";
				case ROUTE -> llm.routeId();
				case KEY -> id.keyId();
				case USER -> id.userId();
				case TEAM -> id.teamId();
				case END_USER -> llm.request() == null ? null : llm.request().user();
				case MODEL -> llm.group() != null ? llm.group().name() : llm.requestedModel();
				case DEPLOYMENT -> llm.deployment() == null ? null : llm.deployment().id();
			};
		}
	}

	public static KeyScope parse(String spec) {
		List<Dimension> dims = new ArrayList<>();
		for (String part : spec.split("\\+")) {
			String name = part.trim().toUpperCase(Locale.ROOT).replace('-', '_');
			if (name.equals("VIRTUAL_KEY") || name.equals("API_KEY")) {
				name = "KEY";
			}
			if (name.equals("ALIAS") || name.equals("MODEL_GROUP")) {
				name = "MODEL";
			}
			try {
				dims.add(Dimension.valueOf(name));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Unknown rate-limit dimension '" + part.trim() + "' in '" + spec
						+ "'; use global, route, key, user, team, end-user, model, deployment or a '+' combination");
			}
		}
		return new KeyScope(spec, List.copyOf(dims));
	}

	/** The bucket name for this request, e.g. {@code team=eng+model=gpt-4o}, or null when a dimension is unknown. */
	public String resolve(LlmExchange llm) {
		if (dimensions.size() == 1) {
			Dimension d = dimensions.get(0);
			String v = d.valueOf(llm);
			return v == null ? null : d.label() + "=" + v;
		}
		StringBuilder sb = new StringBuilder();
		for (Dimension d : dimensions) {
			String v = d.valueOf(llm);
			if (v == null) {
				return null;
			}
			if (sb.length() > 0) {
				sb.append('+');
			}
			sb.append(d.label()).append('=').append(v);
		}
		return sb.toString();
	}
}

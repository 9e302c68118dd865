package io.llmgateway.gateway.spend.pricing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmProperties;

/**
 * Finds the price of a deployment: its own {@code llm.models[].pricing} first (fields it sets replace the table's),
 * then the operator's price file, then the built-in table. Table keys are tried in LiteLLM's spellings
 * ({@code gemini/gemini-2.5-pro}, {@code vertex_ai/claude-sonnet-4@20250514}, bare ids), then without a Bedrock
 * region prefix ({@code us.}, {@code eu.}, {@code global.}) and without a date suffix.
 */
public final class PriceCatalog {

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	private static final Pattern BEDROCK_REGION = Pattern.compile("^(us|eu|apac|global|jp|au|us-gov|ca)\\.(.+)$");

	private static final Pattern DATE_SUFFIX = Pattern.compile("^(.+?)([-@]\\d{4}-?\\d{2}-?\\d{2})(-v\\d+:\\d+)?$");

	/** Provider names of llm.models[].provider → the prefixes LiteLLM's table uses for them. */
	private static final Map<String, List<String>> PREFIXES = Map.ofEntries(Map.entry("gemini", List.of("gemini/")),
			Map.entry("vertex", List.of("vertex_ai/")), Map.entry("vertex_ai", List.of("vertex_ai/")),
			Map.entry("mistral", List.of("mistral/")), Map.entry("deepseek", List.of("deepseek/")),
			Map.entry("azure", List.of("azure/")), Map.entry("bedrock", List.of("bedrock/converse/", "bedrock/")),
			Map.entry("groq", List.of("groq/")), Map.entry("xai", List.of("xai/")),
			Map.entry("openrouter", List.of("openrouter/")), Map.entry("together", List.of("together_ai/")),
			Map.entry("fireworks", List.of("fireworks_ai/accounts/fireworks/models/", "fireworks_ai/")),
			Map.entry("cohere", List.of("cohere_chat/", "cohere/")), Map.entry("ollama", List.of("ollama/")));

	private final List<PriceTable> tables;

	private final Map<String, AppliedPrice> byDeployment = new ConcurrentHashMap<>();

	/** @param tables most specific first: the operator's file, then the built-in table */
	public PriceCatalog(List<PriceTable> tables) {
		this.tables = List.copyOf(tables);
	}

	/** The price for a deployment (cached per deployment id: configuration does not change at runtime). */
	public AppliedPrice forDeployment(Deployment deployment) {
		return byDeployment.computeIfAbsent(deployment.id(), id -> resolve(deployment));
	}

	/** The price for a bare model name when no deployment is known (e.g. a cache hit on a route without one). */
	public AppliedPrice forModel(String provider, String model) {
		return lookup(provider, model);
	}

	private AppliedPrice resolve(Deployment d) {
		AppliedPrice table = lookup(d.provider(), d.model());
		if (!table.known() && d.group() != null) {
			table = lookup(d.provider(), d.group());
		}
		LlmProperties.Pricing pricing = d.config() == null ? null : d.config().pricing();
		if (pricing == null) {
			return table;
		}
		ModelPrice override = new ModelPrice(perToken(pricing.inputPerMillion()),
				perToken(pricing.outputPerMillion()), perToken(pricing.cacheReadPerMillion()),
				perToken(pricing.cacheWritePerMillion()), perToken(pricing.reasoningPerMillion()), null, null, null, null,
				d.provider(), null, null);
		// an explicit price ends the long-context tiers of the table entry it replaces: the operator's number rules
		ModelPrice base = table.known() ? withoutTiers(table.price(), override) : ModelPrice.FREE;
		ModelPrice merged = base.overriddenBy(override);
		String version = PriceTable.sha256(pricing.toString() + (table.known() ? "|" + table.version() : ""));
		return new AppliedPrice(merged, AppliedPrice.DEPLOYMENT, d.id(), version);
	}

	private static ModelPrice withoutTiers(ModelPrice p, ModelPrice override) {
		boolean replaced = override.input() != null || override.output() != null;
		if (!replaced) {
			return p;
		}
		return new ModelPrice(p.input(), p.output(), p.cacheRead(), p.cacheWrite(), p.reasoning(), null, null, null,
				null, p.provider(), p.maxInputTokens(), p.maxOutputTokens());
	}

	private static BigDecimal perToken(BigDecimal perMillion) {
		return perMillion == null ? null : perMillion.divide(MILLION, MathContext.DECIMAL128).stripTrailingZeros();
	}

	private AppliedPrice lookup(String provider, String model) {
		if (model == null || model.isBlank()) {
			return AppliedPrice.UNKNOWN;
		}
		for (String key : candidates(provider, model)) {
			for (PriceTable table : tables) {
				ModelPrice p = table.get(key);
				if (p != null) {
					return new AppliedPrice(p, table.source(), key, table.version());
				}
			}
		}
		return AppliedPrice.UNKNOWN;
	}

	/** The table keys to try for a provider's model id, most specific first. */
	static List<String> candidates(String provider, String model) {
		String m = model.trim().toLowerCase(Locale.ROOT);
		List<String> prefixes = new ArrayList<>(
				PREFIXES.getOrDefault(provider == null ? "" : provider.toLowerCase(Locale.ROOT), List.of()));
		if (provider != null && !provider.isBlank()) {
			prefixes.add(provider.toLowerCase(Locale.ROOT) + "/");
		}
		Set<String> names = new LinkedHashSet<>();
		names.add(m);
		var region = BEDROCK_REGION.matcher(m);
		if (region.matches()) {
			names.add(region.group(2));
		}
		for (String n : List.copyOf(names)) {
			var date = DATE_SUFFIX.matcher(n);
			if (date.matches()) {
				names.add(date.group(1));
			}
		}
		Set<String> keys = new LinkedHashSet<>();
		for (String n : names) {
			for (String prefix : prefixes) {
				keys.add(n.startsWith(prefix) ? n : prefix + n);
			}
			keys.add(n);
			int slash = n.indexOf('/');
			if (slash > 0) {
				keys.add(n.substring(slash + 1));
			}
		}
		return List.copyOf(keys);
	}
}

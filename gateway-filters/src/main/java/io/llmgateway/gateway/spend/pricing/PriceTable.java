package io.llmgateway.gateway.spend.pricing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A price table in LiteLLM's {@code model_prices_and_context_window.json} format (USD per token), so LiteLLM's
 * community list loads unchanged. Numbers are read as {@link BigDecimal}, never through {@code double}. Entries
 * without a numeric {@code input_cost_per_token} or {@code output_cost_per_token} (such as {@code sample_spec}, image
 * or audio models) are skipped. Keys are matched case-insensitively.
 */
public final class PriceTable {

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final String source;

	private final String version;

	private final Map<String, ModelPrice> prices;

	private PriceTable(String source, String version, Map<String, ModelPrice> prices) {
		this.source = source;
		this.version = version;
		this.prices = prices;
	}

	public static PriceTable empty(String source) {
		return new PriceTable(source, null, Map.of());
	}

	/**
	 * Parses a LiteLLM-format price file.
	 * @param source {@link AppliedPrice#BUILTIN} or {@link AppliedPrice#FILE}, recorded on ledger rows
	 * @throws IllegalArgumentException when the bytes are not a JSON object
	 */
	public static PriceTable parse(byte[] json, String source) {
		JsonNode root = JSON.readTree(json);
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("A price file must be a JSON object of model name -> prices");
		}
		Map<String, ModelPrice> prices = new HashMap<>();
		for (Map.Entry<String, JsonNode> e : root.properties()) {
			ModelPrice price = price(e.getValue());
			if (price != null) {
				prices.put(e.getKey().toLowerCase(Locale.ROOT), price);
			}
		}
		return new PriceTable(source, sha256(json), Map.copyOf(prices));
	}

	static ModelPrice price(JsonNode entry) {
		if (entry == null || !entry.isObject()) {
			return null;
		}
		BigDecimal input = decimal(entry, "input_cost_per_token");
		BigDecimal output = decimal(entry, "output_cost_per_token");
		if (input == null && output == null) {
			return null;
		}
		JsonNode provider = entry.get("litellm_provider");
		return new ModelPrice(input, output, decimal(entry, "cache_read_input_token_cost"),
				decimal(entry, "cache_creation_input_token_cost"), decimal(entry, "output_cost_per_reasoning_token"),
				decimal(entry, "input_cost_per_token_above_200k_tokens"),
				decimal(entry, "output_cost_per_token_above_200k_tokens"),
				decimal(entry, "cache_read_input_token_cost_above_200k_tokens"),
				decimal(entry, "cache_creation_input_token_cost_above_200k_tokens"),
				provider != null && provider.isString() ? provider.stringValue() : null, integer(entry, "max_input_tokens"),
				integer(entry, "max_output_tokens"));
	}

	private static BigDecimal decimal(JsonNode entry, String field) {
		JsonNode n = entry.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (n.isNumber()) {
			return n.decimalValue();
		}
		if (n.isString()) {
			try {
				return new BigDecimal(n.stringValue().trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static Long integer(JsonNode entry, String field) {
		BigDecimal d = decimal(entry, field);
		return d == null ? null : d.longValue();
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sha256(String text) {
		return sha256(text.getBytes(StandardCharsets.UTF_8));
	}

	/** The price for a table key, ignoring case; null when absent. */
	public ModelPrice get(String key) {
		return key == null ? null : prices.get(key.toLowerCase(Locale.ROOT));
	}

	public String source() {
		return source;
	}

	/** Short SHA-256 of the file's bytes: the price version recorded on ledger rows. */
	public String version() {
		return version;
	}

	public int size() {
		return prices.size();
	}
}

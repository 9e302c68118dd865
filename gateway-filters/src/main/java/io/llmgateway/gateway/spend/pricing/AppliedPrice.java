package io.llmgateway.gateway.spend.pricing;

/**
 * The price used for one request and where it came from, recorded on every ledger row so a cost can be explained
 * (and recomputed) later even after the price table changed.
 *
 * @param source {@code deployment} (llm.models[].pricing), {@code file} (llm.spend.prices-file), {@code builtin}, or
 * {@code none} when no price is known (cost 0)
 * @param key the table entry that matched (e.g. {@code gemini/gemini-2.5-pro}), or the deployment id
 * @param version a short SHA-256 of the price table (or of the deployment's prices) that was used
 */
public record AppliedPrice(ModelPrice price, String source, String key, String version) {

	public static final String DEPLOYMENT = "deployment";

	public static final String FILE = "file";

	public static final String BUILTIN = "builtin";

	public static final String NONE = "none";

	public static final AppliedPrice UNKNOWN = new AppliedPrice(ModelPrice.FREE, NONE, null, null);

	public boolean known() {
		return !NONE.equals(source);
	}
}

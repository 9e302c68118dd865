package io.llmgateway.translate.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Deterministic tool-call id rewriting for providers with strict id formats. The mapping is a pure function of the
 * original id, so a call and its result (sent in a later request) always map to the same id without any state.
 */
public final class ToolCallIds {

	private static final Pattern MISTRAL = Pattern.compile("^[a-zA-Z0-9]{9}$");

	private static final Pattern SAFE = Pattern.compile("^[a-zA-Z0-9_-]+$");

	private static final char[] ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		.toCharArray();

	private ToolCallIds() {
	}

	/**
	 * Mistral accepts only ids of exactly nine letters or digits: valid ids pass unchanged, others become nine
	 * alphanumerics derived from their SHA-256.
	 */
	public static String mistral(String id) {
		if (id == null || id.isEmpty()) {
			return id;
		}
		if (MISTRAL.matcher(id).matches()) {
			return id;
		}
		byte[] digest = sha256(id);
		char[] out = new char[9];
		for (int i = 0; i < out.length; i++) {
			out[i] = ALPHANUMERIC[(digest[i] & 0xff) % ALPHANUMERIC.length];
		}
		return new String(out);
	}

	/**
	 * Ids limited to {@code [a-zA-Z0-9_-]} and {@code maxLength} characters (Bedrock, Anthropic): invalid characters
	 * become {@code _}; an over-long id keeps a prefix plus a hash suffix so distinct ids stay distinct.
	 */
	public static String safe(String id, int maxLength) {
		if (id == null || id.isEmpty()) {
			return id;
		}
		if (SAFE.matcher(id).matches() && id.length() <= maxLength) {
			return id;
		}
		String cleaned = id.replaceAll("[^a-zA-Z0-9_-]", "_");
		if (cleaned.length() <= maxLength && cleaned.equals(id)) {
			return cleaned;
		}
		// a hash suffix keeps ids that differed only in replaced characters apart
		StringBuilder hash = new StringBuilder();
		byte[] digest = sha256(id);
		for (int i = 0; i < 4; i++) {
			hash.append(String.format("%02x", digest[i]));
		}
		int keep = Math.min(cleaned.length(), maxLength - hash.length() - 1);
		return cleaned.substring(0, keep) + "_" + hash;
	}

	private static byte[] sha256(String s) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is mandatory in every JRE", ex);
		}
	}
}

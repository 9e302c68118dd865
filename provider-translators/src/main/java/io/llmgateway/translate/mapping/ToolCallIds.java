package io.llmgateway.translate.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Tool-call ids across providers (docs/translation.md, "Tools"): generation for providers that send none (Gemini,
 * Ollama; also used for synthesized message ids), deterministic sanitising for providers with a strict id pattern
 * (Anthropic {@code ^[a-zA-Z0-9_-]+$}, Bedrock the same within 64 characters, Mistral nine alphanumerics) applied
 * identically to calls and results so they stay paired without state, and a stateless carrier for Gemini thought
 * signatures, which OpenAI and Anthropic clients would otherwise drop: the signature rides inside the id the client
 * echoes back.
 */
public final class ToolCallIds {

	private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final int RANDOM_LENGTH = 24;

	private static final Pattern MISTRAL = Pattern.compile("^[a-zA-Z0-9]{9}$");

	/** The alphabet of the Mistral digest; its order is part of the mapping, so it stays as first released. */
	private static final String MISTRAL_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private static final Pattern SAFE = Pattern.compile("^[a-zA-Z0-9_-]+$");

	/** Separates the random id from an embedded signature; never produced by {@link #generate(String)}. */
	private static final String SIGNATURE_MARK = "_ts_";

	private ToolCallIds() {
	}

	/** A fresh id such as {@code call_Xy...} ({@code prefix} includes its underscore). */
	public static String generate(String prefix) {
		ThreadLocalRandom rnd = ThreadLocalRandom.current();
		StringBuilder sb = new StringBuilder(prefix.length() + RANDOM_LENGTH).append(prefix);
		for (int i = 0; i < RANDOM_LENGTH; i++) {
			sb.append(ALPHANUM.charAt(rnd.nextInt(ALPHANUM.length())));
		}
		return sb.toString();
	}

	/** A generated id that also carries a Gemini thought signature (standard base64) for the return trip. */
	public static String generateWithSignature(String prefix, String signature) {
		String id = generate(prefix);
		if (signature == null || signature.isEmpty()) {
			return id;
		}
		try {
			byte[] raw = Base64.getDecoder().decode(signature);
			return id + SIGNATURE_MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
		}
		catch (IllegalArgumentException ex) {
			// not base64 as documented: the signature cannot ride in an id, the call goes back without it
			return id;
		}
	}

	/** The thought signature embedded by {@link #generateWithSignature}, or null. */
	public static String signature(String id) {
		if (id == null) {
			return null;
		}
		int mark = id.indexOf(SIGNATURE_MARK);
		if (mark < 0 || mark + SIGNATURE_MARK.length() >= id.length()) {
			return null;
		}
		String payload = id.substring(mark + SIGNATURE_MARK.length());
		try {
			return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(payload));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * An id valid for Anthropic: kept when it already matches, else invalid characters become {@code _} plus a short
	 * hash of the original so distinct ids stay distinct. Null or empty ids get a generated one.
	 */
	public static String forAnthropic(String id) {
		if (id == null || id.isEmpty()) {
			return generate("toolu_");
		}
		boolean valid = true;
		for (int i = 0; i < id.length() && valid; i++) {
			valid = isIdChar(id.charAt(i));
		}
		if (valid) {
			return id;
		}
		StringBuilder sb = new StringBuilder(id.length() + 7);
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			sb.append(isIdChar(c) ? c : '_');
		}
		CRC32 crc = new CRC32();
		crc.update(id.getBytes(StandardCharsets.UTF_8));
		return sb.append('_').append(Long.toHexString(crc.getValue())).toString();
	}

	private static boolean isIdChar(char c) {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
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
			out[i] = MISTRAL_ALPHABET.charAt((digest[i] & 0xff) % MISTRAL_ALPHABET.length());
		}
		return new String(out);
	}

	/**
	 * Ids limited to {@code [a-zA-Z0-9_-]} and {@code maxLength} characters (Bedrock): invalid characters become
	 * {@code _}; an over-long id keeps a prefix plus a hash suffix so distinct ids stay distinct.
	 */
	public static String safe(String id, int maxLength) {
		if (id == null || id.isEmpty()) {
			return id;
		}
		if (SAFE.matcher(id).matches() && id.length() <= maxLength) {
			return id;
		}
		String cleaned = id.replaceAll("[^a-zA-Z0-9_-]", "_");
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

package io.llmgateway.translate.mapping;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Tool-call ids across providers: generation for providers that send none (Gemini), deterministic sanitising for
 * providers with a strict id pattern (Anthropic {@code ^[a-zA-Z0-9_-]+$}) applied identically to calls and results
 * so they stay paired without state, and a stateless carrier for Gemini thought signatures, which OpenAI and
 * Anthropic clients would otherwise drop: the signature rides inside the id the client echoes back.
 */
public final class ToolCallIds {

	private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final int RANDOM_LENGTH = 24;

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
}

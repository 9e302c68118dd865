package io.llmgateway.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generates, hashes and masks virtual keys. A key is a prefix plus 256 random bits (base64url); only its SHA-256 is
 * stored. A fast hash is right here because the keys are random, not passwords: there is nothing to brute-force.
 */
public final class VirtualKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int RANDOM_BYTES = 32;

	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(VirtualKeys::sha256);

	private static final HexFormat HEX = HexFormat.of();

	private VirtualKeys() {
	}

	public static String generate(String prefix) {
		byte[] bytes = new byte[RANDOM_BYTES];
		RANDOM.nextBytes(bytes);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The stored token: lower-case hex SHA-256 of the key's UTF-8 bytes (as LiteLLM stores it). */
	public static String hash(String key) {
		// one digest per thread: every request with a virtual key hashes it, and getInstance looks the provider up
		MessageDigest digest = SHA256.get();
		digest.reset();
		return HEX.formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every JVM", ex);
		}
	}

	/** A recognisable, non-secret form: the prefix and the last four characters. */
	public static String mask(String key, String prefix) {
		String tail = key.length() > 8 ? key.substring(key.length() - 4) : "";
		String head = prefix != null && key.startsWith(prefix) ? prefix : "";
		return head + "..." + tail;
	}

	/** True for a stored token (64 hex digits), which admin calls accept in place of the key. */
	public static boolean isToken(String value) {
		if (value == null || value.length() != 64) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	/** The token of a key or of a token given as is. */
	public static String tokenOf(String keyOrToken) {
		return isToken(keyOrToken) ? keyOrToken : hash(keyOrToken);
	}
}

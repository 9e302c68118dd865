package io.llmgateway.gateway.litellm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets of deployments stored with {@code /model/new} are encrypted in the database with LiteLLM's
 * {@code LITELLM_SALT_KEY} (AES-256-GCM, key = SHA-256 of the salt key; every instance needs the same one). Values
 * written as {@code os.environ/NAME} stay references. Without a salt key, secrets are stored as sent.
 */
final class StoredSecrets {

	static final Set<String> SECRET_PARAMS = Set.of("api_key", "aws_access_key_id", "aws_secret_access_key",
			"vertex_credentials");

	private static final String PREFIX = "enc:v1:";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	/** @param saltKey LiteLLM's {@code LITELLM_SALT_KEY}, or null/blank for none */
	StoredSecrets(String saltKey) {
		this.key = saltKey == null || saltKey.isBlank() ? null : new SecretKeySpec(sha256(saltKey), "AES");
	}

	boolean enabled() {
		return key != null;
	}

	/** The params with each secret encrypted (references and already encrypted values untouched). */
	Map<String, Object> seal(Map<String, Object> params) {
		if (key == null) {
			return params;
		}
		Map<String, Object> out = new LinkedHashMap<>(params);
		for (String name : SECRET_PARAMS) {
			Object v = out.get(name);
			if (v instanceof String s && !s.startsWith(EnvReferences.PREFIX) && !s.startsWith(PREFIX)) {
				out.put(name, encrypt(s));
			}
		}
		return out;
	}

	/** The params with each encrypted secret in clear, for translation; fails naming the key when it cannot. */
	Map<String, Object> open(Map<String, Object> params, String id) {
		Map<String, Object> out = null;
		for (Map.Entry<String, Object> e : params.entrySet()) {
			if (e.getValue() instanceof String s && s.startsWith(PREFIX)) {
				if (key == null) {
					throw new IllegalStateException("model '" + id + "': litellm_params." + e.getKey()
							+ " is encrypted but LITELLM_SALT_KEY is not set on this instance");
				}
				if (out == null) {
					out = new LinkedHashMap<>(params);
				}
				out.put(e.getKey(), decrypt(s, id + "." + e.getKey()));
			}
		}
		return out == null ? params : out;
	}

	private String encrypt(String clear) {
		try {
			byte[] iv = new byte[12];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
			return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv)
				.put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt a stored secret", ex);
		}
	}

	private String decrypt(String value, String where) {
		try {
			byte[] all = Base64.getDecoder().decode(value.substring(PREFIX.length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
			return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("model '" + where + "' cannot be decrypted: LITELLM_SALT_KEY differs from"
					+ " the one it was stored with");
		}
	}

	private static byte[] sha256(String s) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}
}

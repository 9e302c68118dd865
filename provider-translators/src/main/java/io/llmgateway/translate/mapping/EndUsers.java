package io.llmgateway.translate.mapping;

import tools.jackson.databind.JsonNode;

/**
 * The end-user identity a client names, reduced to what is stable across its sessions. Claude Code (2.1.78 and
 * later) sends {@code metadata.user_id} as a JSON string {@code {"device_id":…,"account_uuid":…,"session_id":…}};
 * older versions sent {@code user_<hash>_account_<uuid>_session_<uuid>}. Budgets and limits keyed by the raw value
 * would see a new "end user" per session, so the account (or, without an account, the device) is used instead.
 * Any other value is kept as it is.
 */
public final class EndUsers {

	/** OpenAI's limit for {@code user} and {@code safety_identifier}. */
	public static final int OPENAI_MAX_LENGTH = 64;

	private EndUsers() {
	}

	/** The stable end user of an Anthropic {@code metadata.user_id}, or null when absent or blank. */
	public static String fromAnthropicUserId(String userId) {
		if (userId == null || userId.isBlank()) {
			return null;
		}
		String v = userId.strip();
		if (v.startsWith("{")) {
			String fromJson = fromJson(v);
			return fromJson != null ? fromJson : v;
		}
		int session = v.indexOf("_session_");
		if (v.startsWith("user_") && session > 0) {
			String head = v.substring(0, session);
			// "user_<hash>_account_" with no account: the hash alone
			return head.endsWith("_account_") ? head.substring(0, head.length() - "_account_".length()) : head;
		}
		return v;
	}

	private static String fromJson(String v) {
		JsonNode node = Json.tryRead(v);
		if (node == null || !node.isObject()) {
			return null;
		}
		for (String field : new String[] { "account_uuid", "device_id", "session_id" }) {
			String value = Json.str(node, field);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	/**
	 * The value for OpenAI's {@code user} / {@code safety_identifier}, which accept at most 64 characters: longer
	 * identifiers are replaced by a stable hash so they still tell users apart.
	 */
	public static String forOpenAi(String user) {
		if (user == null || user.length() <= OPENAI_MAX_LENGTH) {
			return user;
		}
		try {
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(user.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return "sha256_" + java.util.HexFormat.of().formatHex(digest, 0, 24);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}

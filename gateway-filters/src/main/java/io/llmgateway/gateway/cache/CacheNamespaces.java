package io.llmgateway.gateway.cache;

import java.nio.charset.StandardCharsets;

import io.llmgateway.gateway.core.Identity;

/**
 * Builds the namespace part of cache keys. Names are escaped so that two different tenants can never map to the
 * same namespace, and so that namespaces never contain Redis glob characters: only {@code [A-Za-z0-9._@-]} pass
 * through, everything else becomes {@code %XX} (UTF-8).
 */
public final class CacheNamespaces {

	/** Identity metadata key by which a virtual key opts into a shared namespace ({@code shared} or a name). */
	public static final String IDENTITY_METADATA_KEY = "cache-namespace";

	public static final String SHARED = "shared";

	public static final String ANONYMOUS = "anon";

	private CacheNamespaces() {
	}

	/**
	 * The namespace of a request.
	 * @param mode the route's (or the global) mode
	 * @param identity the caller
	 * @param requested the sub-namespace the client asked for in the body ({@code cache.namespace}), or null; it
	 * narrows the tenant's namespace and never reaches another tenant's
	 */
	public static String resolve(NamespaceMode mode, Identity identity, String requested) {
		String base = base(mode, identity);
		return requested == null || requested.isBlank() ? base : base + "/" + escape(requested);
	}

	private static String base(NamespaceMode mode, Identity identity) {
		Object optIn = identity.metadata().get(IDENTITY_METADATA_KEY);
		if (optIn instanceof String name && !name.isBlank()) {
			return SHARED.equals(name) ? SHARED : SHARED + ":" + escape(name);
		}
		return switch (mode) {
			case SHARED -> SHARED;
			case TEAM -> identity.teamId() != null ? team(identity.teamId())
					: identity.keyId() != null ? key(identity.keyId()) : ANONYMOUS;
			case TENANT -> identity.keyId() != null ? key(identity.keyId())
					: identity.teamId() != null ? team(identity.teamId()) : ANONYMOUS;
		};
	}

	/** The namespace of one virtual key. */
	public static String key(String keyId) {
		return "key:" + escape(keyId);
	}

	/** The namespace of one team. */
	public static String team(String teamId) {
		return "team:" + escape(teamId);
	}

	static String escape(String s) {
		StringBuilder sb = null;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '@' || c == '-';
			if (plain) {
				if (sb != null) {
					sb.append(c);
				}
				continue;
			}
			if (sb == null) {
				sb = new StringBuilder(s.length() + 8).append(s, 0, i);
			}
			int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
			for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
				sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
			}
			i = end - 1;
		}
		return sb == null ? s : sb.toString();
	}
}

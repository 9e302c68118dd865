package io.llmgateway.gateway.litellm;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * LiteLLM's {@code database_url} ({@code postgresql://user:password@host:port/db?options}, Prisma's format) → the
 * gateway's own database connection ({@code llm.datasource.url}, {@code username}, {@code password}). Prisma's
 * {@code schema} parameter (or pgjdbc's {@code currentSchema}) becomes {@code llm.datasource.schema}, where the
 * gateway keeps its tables (default {@code llm}). A {@code jdbc:} URL is taken as it is.
 */
final class DatabaseUrls {

	static final String PREFIX = "llm.datasource.";

	private DatabaseUrls() {
	}

	static void put(String url, String key, Map<String, Object> props) {
		String u = url.trim();
		if (u.startsWith("jdbc:")) {
			props.put(PREFIX + "url", u);
			return;
		}
		URI uri;
		try {
			uri = URI.create(u);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(key + " is not a valid URL (postgresql://user:password@host:port/db)");
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres")) || uri.getHost() == null) {
			throw new IllegalStateException(key + " must be a PostgreSQL URL (postgresql://user:password@host:port/db)");
		}
		StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
		if (uri.getPort() > 0) {
			jdbc.append(':').append(uri.getPort());
		}
		jdbc.append(uri.getRawPath() == null ? "/" : uri.getRawPath());
		List<String> kept = new ArrayList<>();
		if (uri.getRawQuery() != null) {
			for (String param : uri.getRawQuery().split("&")) {
				String name = param.contains("=") ? param.substring(0, param.indexOf('=')) : param;
				if (name.equals("schema") || name.equals("currentSchema")) {
					props.put(PREFIX + "schema", decode(param.substring(param.indexOf('=') + 1)));
				}
				else if (!name.equals("connection_limit") && !name.equals("pool_timeout")) {
					kept.add(param);
				}
			}
		}
		if (!kept.isEmpty()) {
			jdbc.append('?').append(String.join("&", kept));
		}
		props.put(PREFIX + "url", jdbc.toString());
		String info = uri.getRawUserInfo();
		if (info != null) {
			int colon = info.indexOf(':');
			props.put(PREFIX + "username", decode(colon < 0 ? info : info.substring(0, colon)));
			if (colon >= 0) {
				props.put(PREFIX + "password", decode(info.substring(colon + 1)));
			}
		}
	}

	private static String decode(String s) {
		return URLDecoder.decode(s, StandardCharsets.UTF_8);
	}
}

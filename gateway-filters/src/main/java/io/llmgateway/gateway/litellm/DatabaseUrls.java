package io.llmgateway.gateway.litellm;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * LiteLLM's {@code database_url} ({@code postgresql://user:password@host:port/db?options}, Prisma's format) → the
 * gateway's JDBC data source. A {@code jdbc:} URL is taken as it is.
 */
final class DatabaseUrls {

	private DatabaseUrls() {
	}

	static void put(String url, String key, Map<String, Object> props) {
		String u = url.trim();
		if (u.startsWith("jdbc:")) {
			props.put("spring.datasource.url", u);
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
		if (uri.getRawQuery() != null) {
			jdbc.append('?').append(uri.getRawQuery());
		}
		props.put("spring.datasource.url", jdbc.toString());
		String info = uri.getRawUserInfo();
		if (info != null) {
			int colon = info.indexOf(':');
			props.put("spring.datasource.username", decode(colon < 0 ? info : info.substring(0, colon)));
			if (colon >= 0) {
				props.put("spring.datasource.password", decode(info.substring(colon + 1)));
			}
		}
	}

	private static String decode(String s) {
		return URLDecoder.decode(s, StandardCharsets.UTF_8);
	}
}

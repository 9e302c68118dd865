package io.llmgateway.adminui;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.ui.*}: the admin console at {@code /ui}.
 * @param enabled serve the console (default true when the module is on the classpath)
 * @param apiBase where the admin API is mounted ({@code ""} = {@code /key/...} at the root); the pages read it from
 * the server, so this is the one place to change
 * @param login {@code key} (the master key, or any credential the gateway's admin check accepts) or
 * {@code spring-security} (user name and password checked by the application's Spring Security)
 * @param sessionTimeout a console session ends after this long without a request
 * @param secureCookie {@code auto} (Secure when the request came over https), {@code always} or {@code never}
 */
@ConfigurationProperties(ConsoleProperties.PREFIX)
public record ConsoleProperties(Boolean enabled, String apiBase, Login login, Duration sessionTimeout,
		String secureCookie) {

	public static final String PREFIX = "llm.ui";

	public ConsoleProperties {
		enabled = enabled == null || enabled;
		apiBase = normalize(apiBase);
		login = login == null ? Login.KEY : login;
		sessionTimeout = sessionTimeout == null ? Duration.ofHours(8) : sessionTimeout;
		secureCookie = secureCookie == null || secureCookie.isBlank() ? "auto" : secureCookie.trim().toLowerCase();
	}

	/** {@code /llm/} → {@code /llm}; blank → {@code ""}. */
	static String normalize(String base) {
		if (base == null || base.isBlank() || "/".equals(base.trim())) {
			return "";
		}
		String b = base.trim();
		b = b.startsWith("/") ? b : "/" + b;
		return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
	}

	public enum Login {
		KEY, SPRING_SECURITY
	}
}

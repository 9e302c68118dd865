package io.llmgateway.adminui;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code llm.ui.*}: the admin console at {@code /ui}. Its pages call the admin API where the gateway serves it,
 * {@code llm.admin.path-prefix} (default {@code /llm}): that is the one setting, and the pages read it from the
 * server.
 * @param enabled serve the console (default true when the module is on the classpath)
 * @param login {@code key} (the master key, or any credential the gateway's admin check accepts) or
 * {@code spring-security} (user name and password checked by the application's Spring Security)
 * @param sessionTimeout a console session ends after this long without a request
 * @param secureCookie {@code auto} (Secure when the request came over https), {@code always} or {@code never}
 * @param maxFailedSignIns failed sign-ins allowed per client address and minute (0 = no limit)
 */
@ConfigurationProperties(ConsoleProperties.PREFIX)
public record ConsoleProperties(Boolean enabled, Login login, Duration sessionTimeout,
		String secureCookie, Integer maxFailedSignIns) {

	public static final String PREFIX = "llm.ui";

	public ConsoleProperties {
		enabled = enabled == null || enabled;
		login = login == null ? Login.KEY : login;
		sessionTimeout = sessionTimeout == null ? Duration.ofHours(8) : sessionTimeout;
		secureCookie = secureCookie == null || secureCookie.isBlank() ? "auto" : secureCookie.trim().toLowerCase();
		maxFailedSignIns = maxFailedSignIns == null ? 10 : maxFailedSignIns;
	}

	public enum Login {
		KEY, SPRING_SECURITY
	}
}

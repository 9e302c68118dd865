package io.llmgateway.gateway.support;

/**
 * Spring properties shared by the integration tests. The test gateways have no security chain of their own, so Spring
 * Security (an optional dependency, present on the test classpath) stays off through {@link #SECURITY_OFF}.
 */
public final class TestProperties {

	/** The security auto-configurations the test gateways exclude. */
	public static final String SECURITY_AUTOCONFIGURATIONS = "org.springframework.boot.security.autoconfigure.web."
			+ "reactive.ReactiveWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration,"
			+ "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration";

	public static final String AUTOCONFIGURE_EXCLUDE = "spring.autoconfigure.exclude";

	/** {@code spring.autoconfigure.exclude=<security>} for {@code @SpringBootTest(properties = ...)}. */
	public static final String SECURITY_OFF = AUTOCONFIGURE_EXCLUDE + "=" + SECURITY_AUTOCONFIGURATIONS;

	private TestProperties() {
	}
}

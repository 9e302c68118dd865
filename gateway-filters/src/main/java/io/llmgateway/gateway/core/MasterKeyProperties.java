package io.llmgateway.gateway.core;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one {@code llm.keys.*} setting the core needs: {@code llm.keys.master-key}, the admin credential checked by
 * {@link MasterKeyAdminAuthorizer}. The auth capability binds the rest of {@code llm.keys} itself.
 */
@ConfigurationProperties(MasterKeyProperties.PREFIX)
public record MasterKeyProperties(String masterKey) {

	public static final String PREFIX = "llm.keys";

	@Override
	public String toString() {
		return "MasterKeyProperties[masterKey=" + (masterKey == null ? "unset" : "****") + "]";
	}
}

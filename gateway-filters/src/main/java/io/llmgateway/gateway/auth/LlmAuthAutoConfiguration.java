package io.llmgateway.gateway.auth;

import java.time.Clock;

import io.llmgateway.gateway.auth.security.SecurityAdminAuthorizer;
import io.llmgateway.gateway.auth.security.SecurityPrincipalIdentityResolver;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.store.LlmStoreAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identity for LLM routes: virtual keys (with the master key) stored in the gateway's database, identity headers
 * from trusted proxies, and, when Spring Security is on the classpath, its principal; plus LiteLLM's admin API for
 * keys, teams and users. Switch off with {@code llm.auth.enabled=false}.
 */
@AutoConfiguration(before = LlmCoreAutoConfiguration.class, after = LlmStoreAutoConfiguration.class)
@ConditionalOnProperty(prefix = LlmAuthProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({ LlmKeysProperties.class, LlmAuthProperties.class })
public class LlmAuthAutoConfiguration {

	@Bean
	@ConditionalOnProperty(prefix = LlmAuthProperties.PREFIX, name = "trusted-header.enabled", havingValue = "true")
	TrustedHeaderIdentityResolver llmTrustedHeaderIdentityResolver(LlmAuthProperties properties,
			ObjectProvider<QuotaDirectory> directory) {
		return new TrustedHeaderIdentityResolver(properties.trustedHeader(), directory.getIfAvailable());
	}

	/** Keys, teams and users in the gateway's database. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(LlmDatabase.class)
	static class KeyStoreConfiguration {

		private final JsonMapper json = JsonMapper.builder().build();

		@Bean
		@ConditionalOnMissingBean
		KeyStore llmKeyStore(LlmDatabase db) {
			return new KeyStore(db.jdbc(), json);
		}

		@Bean
		@ConditionalOnMissingBean
		IdentityFactory llmIdentityFactory(LlmKeysProperties properties) {
			return new IdentityFactory(new AllowedModels(properties.accessGroups()));
		}

		@Bean
		@ConditionalOnMissingBean
		KeyAuthenticator llmKeyAuthenticator(LlmDatabase db, KeyStore store, IdentityFactory identities,
				LlmKeysProperties properties) {
			return new KeyAuthenticator(db, store, identities, properties);
		}

		@Bean
		@ConditionalOnMissingBean
		QuotaDirectory llmQuotaDirectory(LlmDatabase db, KeyStore store, IdentityFactory identities,
				LlmKeysProperties properties) {
			return new QuotaDirectory(db, store, identities, properties);
		}

		@Bean
		@Conditional(KeysRequiredCondition.class)
		VirtualKeyIdentityResolver llmVirtualKeyIdentityResolver(LlmKeysProperties properties,
				KeyAuthenticator authenticator) {
			return new VirtualKeyIdentityResolver(new MasterKeyAdminAuthorizer(properties.masterKey()), authenticator);
		}

		@Bean
		@ConditionalOnMissingBean
		KeyAdminService llmKeyAdminService(KeyStore store, KeyAuthenticator authenticator, QuotaDirectory directory,
				LlmKeysProperties properties) {
			return new KeyAdminService(store, authenticator, directory, json, properties.keyPrefix(),
					Clock.systemUTC());
		}

		@Bean
		@ConditionalOnProperty(prefix = LlmKeysProperties.PREFIX, name = "admin-api", matchIfMissing = true)
		LlmAdminEndpoints llmKeyAdminEndpoints(KeyAdminService service, LlmDatabase db,
				ObjectProvider<AdminAuthorizer> authorizer, KeyAuthenticator authenticator,
				LlmKeysProperties properties) {
			AdminAuthorizer admin = authorizer
				.getIfAvailable(() -> new MasterKeyAdminAuthorizer(properties.masterKey()));
			return new KeyAdminRoutes(service, db, admin, authenticator, json).endpoints();
		}
	}

	/** Spring Security is optional: its principal and admin authority are used only when it is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.context.ReactiveSecurityContextHolder")
	static class SpringSecurityConfiguration {

		@Bean
		@ConditionalOnProperty(prefix = LlmAuthProperties.PREFIX, name = "principal.enabled", matchIfMissing = true)
		SecurityPrincipalIdentityResolver llmSecurityPrincipalIdentityResolver(LlmAuthProperties properties,
				ObjectProvider<QuotaDirectory> directory) {
			return new SecurityPrincipalIdentityResolver(properties, directory.getIfAvailable());
		}

		@Bean
		@ConditionalOnMissingBean(AdminAuthorizer.class)
		AdminAuthorizer llmSecurityAdminAuthorizer(LlmKeysProperties keys, LlmAuthProperties properties) {
			return new SecurityAdminAuthorizer(new MasterKeyAdminAuthorizer(keys.masterKey()),
					properties.principal().adminAuthority());
		}
	}

	/** Keys are required when {@code llm.keys.enabled=true}, or when it is unset and a master key is set. */
	static class KeysRequiredCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Binder binder = Binder.get(context.getEnvironment());
			Boolean enabled = binder.bind(LlmKeysProperties.PREFIX + ".enabled", Boolean.class).orElse(null);
			String master = binder.bind(LlmKeysProperties.PREFIX + ".master-key", String.class).orElse(null);
			boolean required = enabled != null ? enabled : master != null && !master.isBlank();
			return required ? ConditionOutcome.match("virtual keys required")
					: ConditionOutcome.noMatch("llm.keys.enabled is false, or unset without llm.keys.master-key");
		}
	}
}

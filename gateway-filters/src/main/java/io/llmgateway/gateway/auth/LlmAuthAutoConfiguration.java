package io.llmgateway.gateway.auth;

import java.time.Clock;

import io.llmgateway.gateway.auth.security.OAuth2BearerCredentials;
import io.llmgateway.gateway.auth.security.SecurityAdminAuthorizer;
import io.llmgateway.gateway.auth.security.SecurityPrincipalIdentityResolver;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.FeatureLibraries;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.LlmAdminProperties;
import io.llmgateway.gateway.core.LlmCoreAutoConfiguration;
import io.llmgateway.gateway.core.LlmJson;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.store.LlmStoreAutoConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
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
import org.springframework.util.ClassUtils;
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

	static final String SECURITY_CONTEXT = "org.springframework.security.core.context.ReactiveSecurityContextHolder";

	static final String SECURITY_CHAIN = "org.springframework.security.web.server.SecurityWebFilterChain";

	@Bean
	@ConditionalOnProperty(prefix = LlmAuthProperties.PREFIX, name = "trusted-header.enabled", havingValue = "true")
	TrustedHeaderIdentityResolver llmTrustedHeaderIdentityResolver(LlmAuthProperties properties,
			ObjectProvider<QuotaDirectory> directory) {
		return new TrustedHeaderIdentityResolver(properties.trustedHeader(), directory.getIfAvailable());
	}

	/** Keys, teams and users in the gateway's database. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
	@ConditionalOnBean(LlmDatabase.class)
	static class KeyStoreConfiguration {

		private final JsonMapper json = LlmJson.mapper();

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
			if (!FeatureLibraries.present(FeatureLibraries.CAFFEINE)) {
				throw new IllegalStateException("The gateway's database (virtual keys, spend ledger) needs Caffeine for "
						+ "its key cache: add " + FeatureLibraries.CAFFEINE_DEPENDENCY
						+ " to the application's dependencies");
			}
			return new KeyAuthenticator(db, store, identities, properties);
		}

		@Bean
		@ConditionalOnMissingBean
		QuotaDirectory llmQuotaDirectory(LlmDatabase db, KeyStore store, IdentityFactory identities,
				LlmKeysProperties properties) {
			return new QuotaDirectory(db, store, identities, properties);
		}

		@Bean
		@ConditionalOnMissingBean
		KeyAdminService llmKeyAdminService(KeyStore store, KeyAuthenticator authenticator, QuotaDirectory directory,
				LlmKeysProperties properties) {
			return new KeyAdminService(store, authenticator, directory, json, properties.keyPrefix(),
					Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean
		TeamAdminService llmTeamAdminService(KeyStore store, KeyAuthenticator authenticator,
				QuotaDirectory directory) {
			return new TeamAdminService(store, authenticator, directory, json, Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean
		UserAdminService llmUserAdminService(KeyStore store, KeyAuthenticator authenticator,
				QuotaDirectory directory, KeyAdminService keys) {
			return new UserAdminService(store, authenticator, directory, keys, json, Clock.systemUTC());
		}

		@Bean
		@ConditionalOnProperty(prefix = LlmKeysProperties.PREFIX, name = "admin-api", matchIfMissing = true)
		LlmAdminEndpoints llmKeyAdminRoutes(KeyAdminService service, TeamAdminService teams,
				UserAdminService users, LlmDatabase db,
				ObjectProvider<AdminAuthorizer> authorizer, KeyAuthenticator authenticator,
				LlmKeysProperties properties) {
			AdminAuthorizer admin = authorizer
				.getIfAvailable(() -> new MasterKeyAdminAuthorizer(properties.masterKey()));
			return new KeyAdminRoutes(service, teams, users, db, admin, authenticator, json).endpoints();
		}
	}

	/**
	 * Secure by default: unless {@code llm.keys.enabled=false}, a presented key is checked and a request nothing
	 * identified gets a 401 naming the accepted ways to authenticate.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(KeysRequiredCondition.class)
	static class KeysRequiredConfiguration {

		private static final Log log = LogFactory.getLog(LlmAuthAutoConfiguration.class);

		@Bean
		VirtualKeyIdentityResolver llmVirtualKeyIdentityResolver(LlmKeysProperties properties,
				ObjectProvider<KeyAuthenticator> authenticator, ObjectProvider<AppCredentials> app) {
			return new VirtualKeyIdentityResolver(new MasterKeyAdminAuthorizer(properties.masterKey()),
					authenticator.getIfAvailable(), app.getIfAvailable(() -> AppCredentials.NONE));
		}

		@Bean
		IdentityRequiredResolver llmIdentityRequiredResolver(LlmKeysProperties keys, LlmAuthProperties auth,
				ObjectProvider<KeyAuthenticator> authenticator, ObjectProvider<LlmAdminProperties> admin,
				ListableBeanFactory beans) {
			ClassLoader loader = LlmAuthAutoConfiguration.class.getClassLoader();
			// Spring Security counts when the application has a security filter chain, not merely the library
			boolean security = auth.principal().enabled() && ClassUtils.isPresent(SECURITY_CONTEXT, loader)
					&& ClassUtils.isPresent(SECURITY_CHAIN, loader)
					&& beans.getBeanNamesForType(ClassUtils.resolveClassName(SECURITY_CHAIN, loader)).length > 0;
			IdentityRequiredResolver.IdentitySources sources = new IdentityRequiredResolver.IdentitySources(
					keys.masterKey() != null, authenticator.getIfAvailable() != null, security,
					auth.trustedHeader().enabled(), auth.trustedHeader().userHeader(),
					admin.getIfAvailable(() -> new LlmAdminProperties(null, null, false)).pathPrefix());
			if (!sources.any()) {
				log.warn(IdentityRequiredResolver.startupWarning());
			}
			else if (sources.masterKey() && !sources.virtualKeys()) {
				log.info("Virtual keys are off (no key store): only the master key is accepted as a key. They need the "
						+ "gateway database: add spring-boot-starter-jdbc, flyway-core and a JDBC driver (docs/keys.md)");
			}
			return new IdentityRequiredResolver(sources);
		}
	}

	/** Spring Security is optional: its principal and admin authority are used only when it is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = SECURITY_CONTEXT)
	static class SpringSecurityConfiguration {

		/** A bearer token Spring Security authenticated (OAuth2) is the application's, not a gateway key. */
		@Bean
		@ConditionalOnClass(name = "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken")
		@ConditionalOnMissingBean
		AppCredentials llmOAuth2BearerCredentials() {
			return new OAuth2BearerCredentials();
		}

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

	/** Keys are required unless {@code llm.keys.enabled=false} (secure by default). */
	static class KeysRequiredCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Boolean enabled = Binder.get(context.getEnvironment())
				.bind(LlmKeysProperties.PREFIX + ".enabled", Boolean.class)
				.orElse(null);
			return enabled == null || enabled ? ConditionOutcome.match("keys required (llm.keys.enabled unset or true)")
					: ConditionOutcome.noMatch("llm.keys.enabled=false: LLM routes are open");
		}
	}
}

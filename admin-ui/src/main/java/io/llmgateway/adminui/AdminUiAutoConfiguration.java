package io.llmgateway.adminui;

import java.time.Clock;
import java.util.List;

import io.llmgateway.gateway.auth.LlmAuthProperties;
import io.llmgateway.gateway.auth.UserAdminService;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.LlmAdminGroups;
import io.llmgateway.gateway.core.LlmAdminHandlerMapping;
import io.llmgateway.gateway.core.LlmAdminProperties;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import io.llmgateway.gateway.core.MasterKeyProperties;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.routing.DeploymentStats;
import io.llmgateway.gateway.spend.pricing.PriceCatalog;
import io.llmgateway.gateway.store.LlmDatabase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The admin console at {@code /ui}, on whenever this module is on the classpath ({@code llm.ui.enabled=false} turns
 * it off). It signs people in, keeps a server-side session, and lets the signed-in browser use the gateway's admin
 * API by extending the {@link AdminAuthorizer} bean to accept a console session plus its CSRF token.
 */
@AutoConfiguration(afterName = { "io.llmgateway.gateway.core.LlmCoreAutoConfiguration",
		"io.llmgateway.gateway.auth.LlmAuthAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty(prefix = ConsoleProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConsoleProperties.class)
public class AdminUiAutoConfiguration {

	@Bean
	ConsoleSessions llmConsoleSessions(ConsoleProperties properties) {
		return new ConsoleSessions(properties.sessionTimeout(), properties.secureCookie(), Clock.systemUTC());
	}

	/** Every admin endpoint (keys, spend, cache, the console's own) accepts a console session from here on. */
	@Bean
	static BeanPostProcessor llmConsoleAdminAuthorizer(ObjectProvider<ConsoleSessions> sessions) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return bean instanceof AdminAuthorizer a && !(bean instanceof ConsoleSessionAdminAuthorizer)
						? new ConsoleSessionAdminAuthorizer(a, sessions::getObject) : bean;
			}
		};
	}

	/**
	 * The pages at {@code /ui}, outside the admin prefix (LiteLLM's console path), mounted like the admin endpoints:
	 * after the gateway's routes, so an application route for {@code /ui} still wins. {@code llm.admin.ui.enabled}
	 * switches them like any admin group. The pages call the admin API under {@code llm.admin.path-prefix}.
	 */
	@Bean
	LlmAdminHandlerMapping llmConsoleHandlerMapping(ConsoleProperties properties, ConsoleSessions sessions,
			ConsoleLogin login, ObjectProvider<LlmAdminProperties> admin, ObjectProvider<LlmAdminGroups> switches,
			Environment env, ServerCodecConfigurer codecs) {
		LlmAdminProperties prefix = admin.getIfAvailable(() -> new LlmAdminProperties(null, null, false));
		ConsolePages pages = new ConsolePages(sessions, login, new ConsolePageRenderer(), prefix.pathPrefix(),
				new SignInThrottle(properties.maxFailedSignIns(), Clock.systemUTC()));
		return new LlmAdminHandlerMapping(List.of(new LlmAdminEndpoints("ui", pages.routes(), false)),
				new LlmAdminProperties(prefix.enabled(), "", false), switches.getIfAvailable(() -> LlmAdminGroups.ALL_ON),
				env.getProperty(LlmAdminHandlerMapping.GATEWAY_ORDER, Integer.class, 1), codecs);
	}

	@Bean
	LlmAdminEndpoints llmConsoleEndpoints(ObjectProvider<AdminAuthorizer> admin, ObjectProvider<LlmDatabase> db,
			ObjectProvider<UserAdminService> keys, ObjectProvider<ModelRegistry> models,
			ObjectProvider<PriceCatalog> prices, ObjectProvider<DeploymentStats> stats,
			ObjectProvider<MasterKeyProperties> masterKey) {
		return new ConsoleDataRoutes(adminAuthorizer(admin, masterKey), db.getIfAvailable(), keys.getIfAvailable(),
				models.getIfAvailable(), prices.getIfAvailable(), stats.getIfAvailable())
			.endpoints();
	}

	@Bean
	@ConditionalOnProperty(prefix = ConsoleProperties.PREFIX, name = "login", havingValue = "key", matchIfMissing = true)
	ConsoleLogin llmConsoleKeyLogin(ObjectProvider<AdminAuthorizer> admin, ObjectProvider<MasterKeyProperties> keys) {
		AdminAuthorizer a = adminAuthorizer(admin, keys);
		return new KeyLogin(a instanceof ConsoleSessionAdminAuthorizer c ? c.delegate() : a);
	}

	private static AdminAuthorizer adminAuthorizer(ObjectProvider<AdminAuthorizer> admin,
			ObjectProvider<MasterKeyProperties> keys) {
		return admin.getIfAvailable(() -> new MasterKeyAdminAuthorizer(
				keys.getIfAvailable(() -> new MasterKeyProperties(null)).masterKey()));
	}

	/** {@code llm.ui.login=spring-security}: the application's authentication manager, or its user details. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = ConsoleProperties.PREFIX, name = "login", havingValue = "spring-security")
	@ConditionalOnClass(name = "org.springframework.security.authentication.ReactiveAuthenticationManager")
	// bound here too: the console's login needs the admin authority even with the gateway's auth switched off
	@EnableConfigurationProperties(LlmAuthProperties.class)
	static class SpringSecurityLoginConfiguration {

		@Bean
		ConsoleLogin llmConsoleSpringSecurityLogin(ObjectProvider<ReactiveAuthenticationManager> managers,
				ObjectProvider<ReactiveUserDetailsService> users, ObjectProvider<PasswordEncoder> encoder,
				LlmAuthProperties auth) {
			ReactiveAuthenticationManager manager = managers.getIfUnique(() -> {
				ReactiveUserDetailsService service = users.getIfUnique();
				if (service == null) {
					throw new IllegalStateException("llm.ui.login=spring-security needs a ReactiveAuthenticationManager "
							+ "or a ReactiveUserDetailsService bean (the users who may sign in)");
				}
				UserDetailsRepositoryReactiveAuthenticationManager m = new UserDetailsRepositoryReactiveAuthenticationManager(service);
				encoder.ifUnique(m::setPasswordEncoder);
				return m;
			});
			return new SpringSecurityLogin(manager, auth.principal().adminAuthority());
		}
	}
}

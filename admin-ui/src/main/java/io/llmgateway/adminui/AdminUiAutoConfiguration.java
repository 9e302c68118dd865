package io.llmgateway.adminui;

import java.time.Clock;
import java.util.List;

import io.llmgateway.gateway.auth.UserAdminService;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.LlmAdminHandlerMapping;
import io.llmgateway.gateway.core.LlmAdminProperties;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
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

	static final String DEFAULT_ADMIN_AUTHORITY = "ROLE_LLM_ADMIN";

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
			ConsoleLogin login, ObjectProvider<LlmAdminProperties> admin, Environment env,
			ServerCodecConfigurer codecs) {
		LlmAdminProperties prefix = admin.getIfAvailable(() -> new LlmAdminProperties(null, null, false));
		ConsolePages pages = new ConsolePages(sessions, login, new ConsolePageRenderer(), prefix.pathPrefix(),
				new SignInThrottle(properties.maxFailedSignIns(), Clock.systemUTC()));
		return new LlmAdminHandlerMapping(List.of(new LlmAdminEndpoints("ui", pages.routes(), false)),
				new LlmAdminProperties(prefix.enabled(), "", false), env, codecs);
	}

	@Bean
	LlmAdminEndpoints llmConsoleEndpoints(ObjectProvider<AdminAuthorizer> admin, ObjectProvider<LlmDatabase> db,
			ObjectProvider<UserAdminService> keys, ObjectProvider<ModelRegistry> models,
			ObjectProvider<PriceCatalog> prices, ObjectProvider<DeploymentStats> stats, Environment env) {
		return new ConsoleDataRoutes(adminAuthorizer(admin, env), db.getIfAvailable(), keys.getIfAvailable(),
				models.getIfAvailable(), prices.getIfAvailable(), stats.getIfAvailable())
			.endpoints();
	}

	@Bean
	@ConditionalOnProperty(prefix = ConsoleProperties.PREFIX, name = "login", havingValue = "key", matchIfMissing = true)
	ConsoleLogin llmConsoleKeyLogin(ObjectProvider<AdminAuthorizer> admin, Environment env) {
		AdminAuthorizer a = adminAuthorizer(admin, env);
		return new KeyLogin(a instanceof ConsoleSessionAdminAuthorizer c ? c.delegate() : a);
	}

	private static AdminAuthorizer adminAuthorizer(ObjectProvider<AdminAuthorizer> admin, Environment env) {
		return admin.getIfAvailable(() -> new MasterKeyAdminAuthorizer(env.getProperty("llm.keys.master-key")));
	}

	/** {@code llm.ui.login=spring-security}: the application's authentication manager, or its user details. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = ConsoleProperties.PREFIX, name = "login", havingValue = "spring-security")
	@ConditionalOnClass(name = "org.springframework.security.authentication.ReactiveAuthenticationManager")
	static class SpringSecurityLoginConfiguration {

		@Bean
		ConsoleLogin llmConsoleSpringSecurityLogin(ObjectProvider<ReactiveAuthenticationManager> managers,
				ObjectProvider<ReactiveUserDetailsService> users, ObjectProvider<PasswordEncoder> encoder,
				Environment env) {
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
			return new SpringSecurityLogin(manager,
					env.getProperty("llm.auth.principal.admin-authority", DEFAULT_ADMIN_AUTHORITY));
		}
	}
}

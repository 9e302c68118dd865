package io.llmgateway.gateway.litellm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.LlmExchangeInitializer;
import io.llmgateway.gateway.core.LlmProperties;
import io.llmgateway.gateway.model.LlmModelAutoConfiguration;
import io.llmgateway.gateway.model.LlmModelProperties;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.store.LlmStoreAutoConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.scheduler.Schedulers;

/**
 * LiteLLM compatibility: the start-up report of a LiteLLM config ({@code llm.litellm.config}, translated into
 * {@code llm.*} by {@link LiteLlmEnvironmentPostProcessor}), its reload, request defaults, and the model admin API
 * with deployments stored in the gateway's database and polled by every instance. Switch: {@code llm.litellm.enabled}.
 */
@AutoConfiguration(after = { LlmModelAutoConfiguration.class, LlmStoreAutoConfiguration.class })
@ConditionalOnBean(ModelRegistry.class)
@ConditionalOnProperty(prefix = LiteLlmProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(LiteLlmProperties.class)
public class LiteLlmAutoConfiguration {

	private static final Log log = LogFactory.getLog(LiteLlmAutoConfiguration.class);

	/** The LiteLLM config found at start-up and its translation (both null without one), translated once here. */
	record StartupConfig(Path file, LiteLlmTranslation translation) {
	}

	@Bean
	StartupConfig llmLiteLlmStartupConfig(LiteLlmProperties properties, Environment env) {
		// "config" is LiteLLM's own --config flag, not an llm.* setting
		Path file = LiteLlmConfigLocation.find(properties.config(), env.getProperty("config"));
		return new StartupConfig(file, file == null ? null : LiteLlmTranslator.translate(file, env::getProperty));
	}

	@Bean
	ModelRuntime llmModelRuntime(ModelRegistry registry, LlmProperties llm, LlmModelProperties models,
			StartupConfig startup, Environment env) {
		Map<String, LiteLlmTranslation.RequestDefaults> defaults = startup.translation() == null ? Map.of()
				: startup.translation().defaults();
		return new ModelRuntime(registry, llm.models(), models.aliases(), models.hiddenAliases(), defaults,
				env::getProperty);
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService llmModelWatcher() {
		return Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "llm-model-watch");
			t.setDaemon(true);
			return t;
		});
	}

	@Bean
	LiteLlmConfigFile llmLiteLlmConfigFile(Environment env, ModelRuntime runtime, LiteLlmProperties properties,
			StartupConfig startup, ScheduledExecutorService llmModelWatcher) {
		if (startup.file() == null) {
			return null;
		}
		LiteLlmConfigFile config = new LiteLlmConfigFile(startup.file(), env::getProperty, runtime,
				startup.translation());
		config.warnOnce();
		schedule(llmModelWatcher, properties.reloadInterval(), config::reloadIfChanged);
		return config;
	}

	@Bean
	LlmExchangeInitializer llmLiteLlmRequestDefaults(ModelRuntime runtime) {
		return new RequestDefaultsInitializer(runtime);
	}

	/** The model endpoints with deployments stored in the gateway's database (when JDBC is on the class path). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcTemplate")
	@ConditionalOnProperty(prefix = LiteLlmProperties.PREFIX, name = "admin-api", matchIfMissing = true)
	static class StoredModelsConfiguration {

		@Bean
		LlmAdminEndpoints llmModelAdminEndpoints(ModelRuntime runtime, ModelRegistry registry,
				ObjectProvider<LlmDatabase> database, AdminAuthorizer authorizer, LiteLlmProperties properties,
				ScheduledExecutorService llmModelWatcher) {
			LlmDatabase db = database.getIfAvailable();
			ModelStore store = db == null ? null : new ModelStore(db.jdbc());
			if (store != null) {
				poll(store, runtime);
				schedule(llmModelWatcher, properties.modelPollInterval(), () -> poll(store, runtime));
			}
			return new LlmAdminEndpoints("models", new ModelAdminRoutes(runtime, registry, store,
					db == null ? Schedulers.boundedElastic() : db.scheduler(), authorizer).routes());
		}

		/** Applies the stored deployments when they changed; an unusable set is logged and the previous one kept. */
		private static void poll(ModelStore store, ModelRuntime runtime) {
			try {
				List<ModelStore.StoredModel> rows = store.all();
				runtime.setStored(rows);
			}
			catch (RuntimeException ex) {
				log.warn("Stored models not applied (the previous models keep serving): " + ex.getMessage());
			}
		}
	}

	/** Without JDBC: {@code /model/info} only; changes answer 503 naming the missing database. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.jdbc.core.JdbcTemplate")
	@ConditionalOnProperty(prefix = LiteLlmProperties.PREFIX, name = "admin-api", matchIfMissing = true)
	static class ReadOnlyModelsConfiguration {

		@Bean
		LlmAdminEndpoints llmModelAdminEndpoints(ModelRuntime runtime, ModelRegistry registry,
				AdminAuthorizer authorizer) {
			return new LlmAdminEndpoints("models", new ModelAdminRoutes(runtime, registry, null,
					Schedulers.boundedElastic(), authorizer).routes());
		}
	}

	static void schedule(ScheduledExecutorService executor, Duration interval, Runnable task) {
		if (interval.isZero() || interval.isNegative()) {
			return;
		}
		executor.scheduleWithFixedDelay(() -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				log.warn("Model refresh failed: " + ex);
			}
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}
}

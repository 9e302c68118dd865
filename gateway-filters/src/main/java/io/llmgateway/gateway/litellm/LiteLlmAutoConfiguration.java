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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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

	@Bean
	ModelRuntime llmModelRuntime(ModelRegistry registry, LlmProperties llm, LlmModelProperties models,
			Environment env) {
		Path file = LiteLlmConfigLocation.find(env);
		Map<String, LiteLlmTranslation.RequestDefaults> defaults = file == null ? Map.of()
				: LiteLlmTranslator.translate(file, env::getProperty).defaults();
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
			ScheduledExecutorService llmModelWatcher) {
		Path file = LiteLlmConfigLocation.find(env);
		if (file == null) {
			return null;
		}
		LiteLlmConfigFile config = new LiteLlmConfigFile(file, env::getProperty, runtime,
				LiteLlmTranslator.translate(file, env::getProperty));
		config.warnOnce();
		schedule(llmModelWatcher, properties.reloadInterval(), config::reloadIfChanged);
		return config;
	}

	@Bean
	LlmExchangeInitializer llmLiteLlmRequestDefaults(ModelRuntime runtime) {
		return new RequestDefaultsInitializer(runtime);
	}

	@Bean
	@ConditionalOnProperty(prefix = LiteLlmProperties.PREFIX, name = "admin-api", matchIfMissing = true)
	LlmAdminEndpoints llmModelAdminEndpoints(ModelRuntime runtime, ModelRegistry registry,
			ObjectProvider<LlmDatabase> database, AdminAuthorizer authorizer, LiteLlmProperties properties,
			ScheduledExecutorService llmModelWatcher) {
		LlmDatabase db = database.getIfAvailable();
		ModelStore store = db == null ? null : new ModelStore(db.jdbc());
		if (store != null) {
			poll(store, runtime);
			schedule(llmModelWatcher, properties.modelPollInterval(), () -> poll(store, runtime));
		}
		// through the admin seam: under llm.admin.path-prefix (and LiteLLM's paths with llm.admin.litellm-paths)
		return new LlmAdminEndpoints("models", new ModelAdminRoutes(runtime, registry, store, db, authorizer).routes());
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

	private static void schedule(ScheduledExecutorService executor, Duration interval, Runnable task) {
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

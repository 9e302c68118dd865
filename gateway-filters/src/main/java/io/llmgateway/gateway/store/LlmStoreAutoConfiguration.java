package io.llmgateway.gateway.store;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's database, only when a feature needs it ({@link LlmDatabaseCondition}): its own pool on
 * {@code llm.datasource.url}, the application's {@code DataSource} with {@code llm.datasource.use-application-datasource},
 * or an embedded H2 file. Its tables live in their own schema ({@code llm.datasource.schema}, default {@code llm}).
 * The connection and migrations never fail the start: they are retried in the background while the gateway runs
 * degraded (reported by the {@code llmDatabase} health indicator when Actuator is present).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.jdbc.core.JdbcTemplate", "org.flywaydb.core.Flyway" })
@Conditional(LlmDatabaseCondition.class)
@EnableConfigurationProperties({ LlmDatabaseProperties.class, LlmDatasourceProperties.class })
public class LlmStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmDatabase llmDatabase(LlmDatabaseProperties properties, LlmDatasourceProperties datasource,
			ObjectProvider<DataSource> application) {
		AtomicInteger n = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60,
				TimeUnit.SECONDS, new ArrayBlockingQueue<>(properties.queueCapacity()), r -> {
					Thread t = new Thread(r, "llm-jdbc-" + n.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
		LlmDatabase.Connector connector = DatabaseConnectors.of(properties, datasource, application);
		LlmDatabase db = new LlmDatabase(connector, datasource.schema(), executor, properties.retryInterval());
		db.start(properties.startupWait());
		return db;
	}

	/** {@code /actuator/health/llmDatabase}: UP, or DEGRADED with the reason (the gateway keeps serving). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "llmDatabaseHealthIndicator")
		LlmDatabaseHealthIndicator llmDatabaseHealthIndicator(LlmDatabase db) {
			return new LlmDatabaseHealthIndicator(db);
		}
	}
}

package io.llmgateway.gateway.store;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's database: an embedded H2 file when the application configures no datasource, otherwise the
 * application's own ({@code spring.datasource.*}, e.g. PostgreSQL). Migrations run once at start-up.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.jdbc.core.JdbcTemplate", "org.flywaydb.core.Flyway" })
@ConditionalOnProperty(prefix = LlmDatabaseProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(LlmDatabaseProperties.class)
public class LlmStoreAutoConfiguration {

	/** Only when {@code spring.datasource.url} is absent: then Boot would pick an in-memory database. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.h2.Driver", "com.zaxxer.hikari.HikariDataSource" })
	@ConditionalOnProperty(name = "spring.datasource.url", havingValue = "__unset__", matchIfMissing = true)
	static class EmbeddedDataSourceConfiguration {

		@Bean
		@ConditionalOnMissingBean(DataSource.class)
		HikariDataSource llmEmbeddedDataSource(LlmDatabaseProperties properties) {
			HikariDataSource ds = new HikariDataSource();
			ds.setJdbcUrl("jdbc:h2:file:" + properties.path() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
			ds.setUsername("sa");
			ds.setPoolName("llm-h2");
			ds.setMaximumPoolSize(properties.threads() + 1);
			return ds;
		}
	}

	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	LlmDatabase llmDatabase(ObjectProvider<DataSource> dataSource, LlmDatabaseProperties properties) {
		AtomicInteger n = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 60,
				TimeUnit.SECONDS, new ArrayBlockingQueue<>(properties.queueCapacity()), r -> {
					Thread t = new Thread(r, "llm-jdbc-" + n.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
		LlmDatabase db = new LlmDatabase(dataSource.getObject(), executor);
		db.migrate();
		return db;
	}
}

package io.llmgateway.gateway.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's database exists only when a feature needs it, never touches the application's schema, and never
 * fails the start.
 */
class LlmStoreAutoConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LlmStoreAutoConfiguration.class))
			.withPropertyValues("llm.database.path=" + dir.resolve("db/llm"));
	}

	@Test
	void noFeatureNoDatabaseNoFile() {
		runner().withPropertyValues("spring.cloud.gateway.server.webflux.routes[0].filters[0]=LlmModel",
				"spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmTranslate", "llm.keys.enabled=false")
			.run(ctx -> {
				assertThat(ctx).hasNotFailed().doesNotHaveBean(LlmDatabase.class);
				assertThat(Files.exists(dir.resolve("db"))).isFalse();
			});
	}

	@Test
	void virtualKeysTheLedgerOrAnExplicitSwitchBringIt() {
		runner().withPropertyValues("llm.keys.master-key=sk-m")
			.run(ctx -> assertThat(ctx).hasSingleBean(LlmDatabase.class));
		runner().withPropertyValues("spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmSpend")
			.run(ctx -> assertThat(ctx).hasSingleBean(LlmDatabase.class));
		runner().withPropertyValues("spring.cloud.gateway.server.webflux.default-filters[0]=LlmSpend=true")
			.run(ctx -> assertThat(ctx).hasSingleBean(LlmDatabase.class));
		runner().withPropertyValues("llm.spend.ledger.enabled=true")
			.run(ctx -> assertThat(ctx).hasSingleBean(LlmDatabase.class));
		runner().withPropertyValues("llm.database.enabled=true")
			.run(ctx -> assertThat(ctx).hasSingleBean(LlmDatabase.class));
		runner().withPropertyValues("spring.cloud.gateway.server.webflux.routes[0].filters[1]=LlmSpend",
				"llm.spend.ledger.enabled=false")
			.run(ctx -> assertThat(ctx).doesNotHaveBean(LlmDatabase.class));
		runner().withPropertyValues("llm.keys.master-key=sk-m", "llm.database.enabled=false")
			.run(ctx -> assertThat(ctx).doesNotHaveBean(LlmDatabase.class));
	}

	@Test
	void theEmbeddedDatabaseKeepsItsTablesInTheLlmSchema() {
		runner().withPropertyValues("llm.database.enabled=true").run(ctx -> {
			LlmDatabase db = ctx.getBean(LlmDatabase.class);
			assertThat(db.ready()).isTrue();
			assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM information_schema.tables "
					+ "WHERE table_schema = 'llm' AND table_name = 'llm_spend_log'", Long.class)).isEqualTo(1);
			assertThat(db.status().up()).isTrue();
		});
	}

	@Test
	void theApplicationsDatasourceIsUsedOnlyOnRequestAndInItsOwnSchema() throws Exception {
		try (HikariDataSource app = new HikariDataSource()) {
			app.setJdbcUrl("jdbc:h2:mem:app-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
			app.setMaximumPoolSize(2);
			new JdbcTemplate(app).execute("CREATE TABLE orders (id INT)");
			// wrapped: a context closing its DataSource bean must not close the test's pool
			ApplicationContextRunner withApp = runner().withBean(DataSource.class, () -> new DelegatingDataSource(app));

			withApp.withPropertyValues("llm.database.enabled=true").run(ctx -> {
				assertThat(ctx.getBean(LlmDatabase.class).ready()).isTrue();
				assertThat(appTables(app, "llm_spend_log")).as("not without the opt-in").isZero();
			});

			withApp.withPropertyValues("llm.database.enabled=true", "llm.datasource.use-application-datasource=true")
				.run(ctx -> {
					LlmDatabase db = ctx.getBean(LlmDatabase.class);
					assertThat(db.ready()).as(db.status().reason()).isTrue();
					db.jdbc().queryForObject("SELECT COUNT(*) FROM llm_key", Long.class);
					assertThat(appTables(app, "llm_spend_log")).isEqualTo(1);
					assertThat(new JdbcTemplate(app).queryForObject("SELECT COUNT(*) FROM information_schema.tables "
							+ "WHERE table_schema = 'public' AND table_name LIKE 'llm%'", Long.class))
						.as("nothing in the application's schema").isZero();
					// the one pooled connection went back to the application with its own schema
					try (Connection c = app.getConnection()) {
						assertThat(c.getSchema()).isEqualToIgnoringCase("public");
					}
					assertThat(new JdbcTemplate(app).queryForObject("SELECT COUNT(*) FROM orders", Long.class)).isZero();
				});
		}
	}

	@Test
	void anUnreachableDatabaseStartsDegradedWithTheReason() {
		runner().withPropertyValues("llm.datasource.url=jdbc:postgresql://127.0.0.1:1/test",
				"llm.datasource.connection-timeout=300ms", "llm.database.startup-wait=10s",
				"llm.database.retry-interval=200ms")
			.run(ctx -> {
				assertThat(ctx).hasNotFailed();
				LlmDatabase db = ctx.getBean(LlmDatabase.class);
				assertThat(db.ready()).isFalse();
				assertThat(db.status().up()).isFalse();
				assertThat(db.status().reason()).contains("database unreachable");
				assertThat(ctx.getBean(LlmDatabaseHealthIndicator.class).health().getStatus().getCode())
					.isEqualTo("DEGRADED");
				long t0 = System.nanoTime();
				assertThat(db.call(j -> 1).onErrorReturn(DatabaseUnavailableException.class::isInstance, -1).block())
					.isEqualTo(-1);
				assertThat(System.nanoTime() - t0).as("refused at once, not after a connection timeout")
					.isLessThan(1_000_000_000L);
			});
	}

	private static long appTables(DataSource app, String table) {
		return new JdbcTemplate(app).queryForObject(
				"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'llm' AND table_name = ?",
				Long.class, table);
	}
}

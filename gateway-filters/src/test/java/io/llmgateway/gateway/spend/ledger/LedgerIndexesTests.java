package io.llmgateway.gateway.spend.ledger;

import java.util.List;
import java.util.concurrent.Executors;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.PostgresSchema;
import io.llmgateway.gateway.support.RequiresPostgres;
import io.llmgateway.gateway.support.H2Memory;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's indexes after every migration: the embedded H2 database keeps only the one its time-filtered queries
 * use (each index costs every row a B-tree insert in the gateway's own process); PostgreSQL keeps them all.
 */
class LedgerIndexesTests {

	@Test
	void embeddedDatabaseKeepsOnlyTheStartedAtIndex() {
		try (HikariDataSource h2 = H2Memory.dataSource()) {
			new LlmDatabase(h2, Executors.newSingleThreadExecutor()).migrate();
			List<String> indexes = new JdbcTemplate(h2).queryForList("SELECT index_name FROM information_schema.indexes"
					+ " WHERE table_name = 'llm_spend_log' AND index_type_name <> 'PRIMARY KEY'", String.class);
			assertThat(indexes).containsExactly("llm_spend_log_started_idx");
		}
	}

	@Test
	@RequiresPostgres
	void postgresKeepsTheIndexesPerKeyTeamAndUser() throws Exception {
		try (PostgresSchema schema = new PostgresSchema("ledger_indexes"); HikariDataSource pg = new HikariDataSource()) {
			pg.setJdbcUrl(schema.url());
			pg.setUsername(PostgresSchema.USER);
			pg.setMaximumPoolSize(2);
			new LlmDatabase(pg, Executors.newSingleThreadExecutor()).migrate();
			List<String> indexes = new JdbcTemplate(pg).queryForList("SELECT indexname FROM pg_indexes"
					+ " WHERE schemaname = current_schema() AND tablename = 'llm_spend_log'", String.class);
			assertThat(indexes).contains("llm_spend_log_key_idx", "llm_spend_log_team_idx", "llm_spend_log_user_idx",
					"llm_spend_log_started_idx", "llm_spend_log_day_idx");
		}
	}
}

package io.llmgateway.adminui;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.zaxxer.hikari.HikariDataSource;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.H2Memory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's ledger queries on the embedded database as migrated (which keeps no index on {@code spend_day}). */
class ConsoleLedgerQueriesTests {

	private HikariDataSource h2;

	private JdbcTemplate jdbc;

	@BeforeEach
	void database() {
		h2 = H2Memory.dataSource();
		new LlmDatabase(h2, Executors.newSingleThreadExecutor()).migrate();
		jdbc = new JdbcTemplate(h2);
	}

	@AfterEach
	void close() {
		h2.close();
	}

	private void row(String startedAt, String outcome) {
		OffsetDateTime at = OffsetDateTime.parse(startedAt);
		jdbc.update("INSERT INTO llm_spend_log (entry_id, request_id, started_at, spend_day, duration_ms, stream,"
				+ " input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,"
				+ " usage_estimated, cost, cache_hit, status, outcome, attempts, price_source)"
				+ " VALUES (?, ?, ?, ?, 10, FALSE, 3, 2, 0, 0, 0, FALSE, 0.5, FALSE, 200, ?, 1, 'config')",
				UUID.randomUUID().toString(), UUID.randomUUID().toString(), at,
				at.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate(), outcome);
	}

	@Test
	void daysAreWholeUtcDaysAtBothEnds() {
		row("2026-03-01T00:00:00Z", "SUCCESS");
		row("2026-03-01T23:59:59.999Z", "FAILED");
		row("2026-03-02T00:00:00Z", "SUCCESS");
		row("2026-03-01T23:30:00-01:00", "SUCCESS"); // 00:30 UTC on the 2nd
		row("2026-02-28T23:59:59.999Z", "SUCCESS");

		List<Map<String, Object>> first = ConsoleLedgerQueries.daily(jdbc, LocalDate.parse("2026-03-01"),
				LocalDate.parse("2026-03-01"));
		assertThat(first).hasSize(1);
		assertThat(first.get(0)).containsEntry("day", "2026-03-01").containsEntry("requests", 2L)
			.containsEntry("errors", 1L).containsEntry("input_tokens", 6L);

		List<Map<String, Object>> both = ConsoleLedgerQueries.daily(jdbc, LocalDate.parse("2026-03-01"),
				LocalDate.parse("2026-03-02"));
		assertThat(both).extracting(d -> d.get("day")).containsExactly("2026-03-01", "2026-03-02");
		assertThat(both.get(1)).containsEntry("requests", 2L);
	}
}

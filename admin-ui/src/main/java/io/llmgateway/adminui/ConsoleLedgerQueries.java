package io.llmgateway.adminui;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Read-only queries on the spend ledger ({@code llm_spend_log}, written by the spend capability) for what
 * {@code /spend/report} and {@code /spend/logs} do not answer: errors per day, and recent rows filtered by status.
 * Never reads prompt or answer bodies. Called on the database executor.
 */
final class ConsoleLedgerQueries {

	static final int MAX_ROWS = 500;

	private ConsoleLedgerQueries() {
	}

	/** One row per UTC day that had traffic: requests, errors (outcome other than SUCCESS), tokens, cost. */
	static List<Map<String, Object>> daily(JdbcTemplate jdbc, LocalDate from, LocalDate to) {
		return jdbc.query("SELECT spend_day, COUNT(*), SUM(CASE WHEN outcome <> 'SUCCESS' THEN 1 ELSE 0 END),"
				+ " SUM(input_tokens + cache_read_tokens + cache_write_tokens), SUM(output_tokens), SUM(cost)"
				// spend_day is the UTC date of started_at: the range on started_at uses the index both databases keep
				+ " FROM llm_spend_log WHERE started_at >= ? AND started_at < ? GROUP BY spend_day ORDER BY spend_day",
				(rs, n) -> {
					Map<String, Object> m = new LinkedHashMap<>();
					m.put("day", rs.getObject(1, LocalDate.class).toString());
					m.put("requests", rs.getLong(2));
					m.put("errors", rs.getLong(3));
					m.put("input_tokens", rs.getLong(4));
					m.put("output_tokens", rs.getLong(5));
					m.put("cost", plain(rs.getBigDecimal(6)));
					return m;
				}, from.atStartOfDay().atOffset(ZoneOffset.UTC), to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
	}

	/**
	 * Newest rows first. {@code status}: {@code ok} (outcome SUCCESS), {@code error} (any other outcome) or an HTTP
	 * status code.
	 */
	static List<Map<String, Object>> recent(JdbcTemplate jdbc, String key, String model, String status,
			OffsetDateTime from, OffsetDateTime to, int limit) {
		StringBuilder where = new StringBuilder();
		List<Object> args = new ArrayList<>();
		if (key != null) {
			and(where, "(key_id = ? OR key_alias = ?)");
			args.add(key);
			args.add(key);
		}
		if (model != null) {
			and(where, "model_alias = ?");
			args.add(model);
		}
		if ("ok".equals(status)) {
			and(where, "outcome = 'SUCCESS'");
		}
		else if ("error".equals(status)) {
			and(where, "outcome <> 'SUCCESS'");
		}
		else if (status != null) {
			and(where, "status = ?");
			args.add(parseStatus(status));
		}
		if (from != null) {
			and(where, "started_at >= ?");
			args.add(from.withOffsetSameInstant(ZoneOffset.UTC));
		}
		if (to != null) {
			and(where, "started_at < ?");
			args.add(to.withOffsetSameInstant(ZoneOffset.UTC));
		}
		args.add(Math.max(1, Math.min(limit, MAX_ROWS)));
		return jdbc.query("SELECT request_id, started_at, duration_ms, key_id, key_alias, team_id, user_id, end_user,"
				+ " model_alias, deployment_id, provider, input_tokens, output_tokens, cost, status, outcome, error_type,"
				+ " cache_hit FROM llm_spend_log" + where + " ORDER BY started_at DESC, request_id LIMIT ?",
				(rs, n) -> row(rs), args.toArray());
	}

	private static Map<String, Object> row(ResultSet rs) throws SQLException {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("request_id", rs.getString("request_id"));
		m.put("started_at", rs.getObject("started_at", OffsetDateTime.class).toInstant().toString());
		m.put("duration_ms", rs.getLong("duration_ms"));
		for (String c : List.of("key_id", "key_alias", "team_id", "user_id", "end_user", "model_alias",
				"deployment_id", "provider")) {
			m.put(c, rs.getString(c));
		}
		m.put("input_tokens", rs.getLong("input_tokens"));
		m.put("output_tokens", rs.getLong("output_tokens"));
		m.put("cost", plain(rs.getBigDecimal("cost")));
		m.put("status", rs.getInt("status"));
		m.put("outcome", rs.getString("outcome"));
		m.put("error_type", rs.getString("error_type"));
		m.put("cache_hit", rs.getBoolean("cache_hit"));
		return m;
	}

	private static int parseStatus(String status) {
		try {
			int s = Integer.parseInt(status.trim());
			if (s < 100 || s > 599) {
				throw new IllegalArgumentException("status must be ok, error or an HTTP status code");
			}
			return s;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("status must be ok, error or an HTTP status code");
		}
	}

	private static void and(StringBuilder where, String condition) {
		where.append(where.isEmpty() ? " WHERE " : " AND ").append(condition);
	}

	private static BigDecimal plain(BigDecimal v) {
		return v == null ? BigDecimal.ZERO : v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
	}
}

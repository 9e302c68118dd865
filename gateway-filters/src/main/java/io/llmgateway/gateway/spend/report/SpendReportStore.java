package io.llmgateway.gateway.spend.report;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL over the ledger table {@code llm_spend_log}: request logs and grouped reports for the admin endpoints, and
 * the per-id sums that budgets are reconciled with. Column names come from fixed lists, never from input. Blocking
 * JDBC: callers run it off the event loop ({@code LlmDatabase.call}, the reconciliation thread).
 */
public final class SpendReportStore {

	/** {@code group_by} values and the column each groups by. */
	public static final Map<String, String> GROUPS = Map.of("day", "spend_day", "model", "model_alias", "key", "key_id",
			"team", "team_id", "provider", "provider", "user", "user_id", "end_user", "end_user", "deployment",
			"deployment_id");

	/** Filter parameters and the column each compares. */
	public static final Map<String, String> FILTERS = Map.of("key", "key_id", "user", "user_id", "team", "team_id",
			"model", "model_alias", "end_user", "end_user", "provider", "provider");

	/** The columns an id's budget spend is summed over. */
	private static final List<String> ID_COLUMNS = List.of("key_id", "user_id", "team_id", "end_user");

	private static final String LOG_COLUMNS = "request_id, started_at, duration_ms, ttft_ms, key_id, key_alias, user_id,"
			+ " team_id, end_user, model_alias, deployment_id, provider, model, route_id, client_protocol, stream,"
			+ " input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, cache_hit,"
			+ " cache_saving, status, outcome, error_type, attempts, price_source, price_key, price_version,"
			+ " usage_estimated, request_body, response_body";

	private final JdbcTemplate jdbc;

	public SpendReportStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Which rows a query covers: equality on {@link #FILTERS} parameters, and {@code started_at} in [from, to).
	 *
	 * @param equal filter parameter to value (parameters not in {@link #FILTERS} are ignored)
	 */
	public record Filter(Map<String, String> equal, Instant from, Instant to) {
	}

	/** Rows newest first: {@code limit} of them after skipping {@code offset}. */
	public List<Map<String, Object>> logs(Filter filter, int limit, long offset) {
		Where where = where(filter);
		List<Object> args = new ArrayList<>(where.args);
		args.add(limit);
		args.add(offset);
		return jdbc.query("SELECT " + LOG_COLUMNS + " FROM llm_spend_log" + where.sql
				+ " ORDER BY started_at DESC, request_id LIMIT ? OFFSET ?", (rs, n) -> logRow(rs), args.toArray());
	}

	/** Totals per value of the {@link #GROUPS} entry {@code groupBy}. */
	public List<Map<String, Object>> report(String groupBy, Filter filter) {
		String column = GROUPS.get(groupBy);
		if (column == null) {
			throw new IllegalArgumentException("unknown group " + groupBy);
		}
		Where where = where(filter);
		String sql = "SELECT " + column + " AS grp, COUNT(*), SUM(input_tokens), SUM(output_tokens),"
				+ " SUM(cache_read_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost),"
				+ " SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END), SUM(cache_saving) FROM llm_spend_log" + where.sql
				+ " GROUP BY " + column + " ORDER BY " + column;
		return jdbc.query(sql, (rs, n) -> reportRow(rs), where.args.toArray());
	}

	/** All-time cost per id of the ledger column {@code idColumn} ({@code key_id}, {@code team_id}, ...). */
	public void totals(String idColumn, BiConsumer<String, BigDecimal> sum) {
		String col = idColumn(idColumn);
		jdbc.query("SELECT " + col + ", SUM(cost) FROM llm_spend_log WHERE " + col + " IS NOT NULL GROUP BY " + col,
				rs -> {
					sum.accept(rs.getString(1), rs.getBigDecimal(2));
				});
	}

	/** Cost per id of {@code idColumn} and per day, from {@code since}. */
	public void dailyTotals(String idColumn, LocalDate since, DaySum sum) {
		String col = idColumn(idColumn);
		jdbc.query("SELECT " + col + ", spend_day, SUM(cost) FROM llm_spend_log WHERE " + col
				+ " IS NOT NULL AND spend_day >= ? GROUP BY " + col + ", spend_day", rs -> {
					sum.accept(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getBigDecimal(3));
				}, Date.valueOf(since));
	}

	/** Receives one id's cost on one day. */
	@FunctionalInterface
	public interface DaySum {

		void accept(String id, LocalDate day, BigDecimal sum);
	}

	private static String idColumn(String column) {
		if (!ID_COLUMNS.contains(column)) {
			throw new IllegalArgumentException("not an id column of the ledger: " + column);
		}
		return column;
	}

	private static Where where(Filter filter) {
		StringBuilder sql = new StringBuilder();
		List<Object> args = new ArrayList<>();
		filter.equal().forEach((param, value) -> {
			String column = FILTERS.get(param);
			if (column != null) {
				sql.append(sql.isEmpty() ? " WHERE " : " AND ").append(column).append(" = ?");
				args.add(value);
			}
		});
		if (filter.from() != null) {
			sql.append(sql.isEmpty() ? " WHERE " : " AND ").append("started_at >= ?");
			args.add(filter.from().atOffset(ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			sql.append(sql.isEmpty() ? " WHERE " : " AND ").append("started_at < ?");
			args.add(filter.to().atOffset(ZoneOffset.UTC));
		}
		return new Where(sql.toString(), args);
	}

	private static Map<String, Object> logRow(ResultSet rs) throws SQLException {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("request_id", rs.getString("request_id"));
		m.put("started_at", rs.getObject("started_at", OffsetDateTime.class).toInstant().toString());
		m.put("duration_ms", rs.getLong("duration_ms"));
		m.put("ttft_ms", rs.getObject("ttft_ms") == null ? null : rs.getLong("ttft_ms"));
		for (String c : List.of("key_id", "key_alias", "user_id", "team_id", "end_user", "model_alias", "deployment_id",
				"provider", "model", "route_id", "client_protocol")) {
			m.put(c, rs.getString(c));
		}
		m.put("stream", rs.getBoolean("stream"));
		for (String c : List.of("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
				"reasoning_tokens")) {
			m.put(c, rs.getLong(c));
		}
		m.put("usage_estimated", rs.getBoolean("usage_estimated"));
		m.put("cost", plain(rs.getBigDecimal("cost")));
		m.put("cache_hit", rs.getBoolean("cache_hit"));
		m.put("cache_saving", plain(rs.getBigDecimal("cache_saving")));
		m.put("status", rs.getInt("status"));
		m.put("outcome", rs.getString("outcome"));
		m.put("error_type", rs.getString("error_type"));
		m.put("attempts", rs.getInt("attempts"));
		Map<String, Object> price = new LinkedHashMap<>();
		price.put("source", rs.getString("price_source"));
		price.put("key", rs.getString("price_key"));
		price.put("version", rs.getString("price_version"));
		m.put("price", price);
		String request = rs.getString("request_body");
		if (request != null) {
			m.put("request_body", request);
			m.put("response_body", rs.getString("response_body"));
		}
		return m;
	}

	private static Map<String, Object> reportRow(ResultSet rs) throws SQLException {
		Map<String, Object> m = new LinkedHashMap<>();
		Object group = rs.getObject(1);
		m.put("group", group == null ? null : group.toString());
		m.put("requests", rs.getLong(2));
		m.put("input_tokens", rs.getLong(3));
		m.put("output_tokens", rs.getLong(4));
		m.put("cache_read_tokens", rs.getLong(5));
		m.put("cache_write_tokens", rs.getLong(6));
		m.put("reasoning_tokens", rs.getLong(7));
		m.put("cost", plain(rs.getBigDecimal(8)));
		m.put("cache_hits", rs.getLong(9));
		BigDecimal saving = rs.getBigDecimal(10);
		m.put("cache_saving", saving == null ? BigDecimal.ZERO : plain(saving));
		return m;
	}

	static BigDecimal plain(BigDecimal v) {
		return v == null ? null : v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
	}

	private record Where(String sql, List<Object> args) {
	}
}

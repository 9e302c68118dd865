package io.llmgateway.gateway.spend.report;

import java.math.BigDecimal;
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

	/**
	 * Which ledger entries a sum covers: entry ids in ({@code after}, {@code upTo}]; a null bound is open. Entry ids
	 * are UUID version 7 strings made when a request completes, so a range of ids is a range of completion times,
	 * read through the primary key instead of the whole table.
	 */
	public record EntryRange(String after, String upTo) {

		public static final EntryRange ALL = new EntryRange(null, null);
	}

	/**
	 * The cost of the entries in {@code range} per key, user, team, end user and day, in one pass over them: the
	 * sums every budget window is reconciled from. Rows are few (ids times days), whatever the number of entries.
	 */
	public void costs(EntryRange range, CostSum sum) {
		StringBuilder sql = new StringBuilder("SELECT key_id, user_id, team_id, end_user, spend_day, SUM(cost)"
				+ " FROM llm_spend_log");
		List<Object> args = new ArrayList<>(2);
		if (range.after() != null) {
			sql.append(" WHERE entry_id > ?");
			args.add(range.after());
		}
		if (range.upTo() != null) {
			sql.append(args.isEmpty() ? " WHERE" : " AND").append(" entry_id <= ?");
			args.add(range.upTo());
		}
		sql.append(" GROUP BY key_id, user_id, team_id, end_user, spend_day");
		jdbc.query(sql.toString(), rs -> {
			sum.accept(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getObject(5, LocalDate.class), rs.getBigDecimal(6));
		}, args.toArray());
	}

	/** Receives the cost of one combination of ids (each may be null) on one day. */
	@FunctionalInterface
	public interface CostSum {

		void accept(String keyId, String userId, String teamId, String endUser, LocalDate day, BigDecimal cost);
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

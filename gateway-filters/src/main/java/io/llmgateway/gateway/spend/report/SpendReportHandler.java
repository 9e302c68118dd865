package io.llmgateway.gateway.spend.report;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.LlmJson;
import io.llmgateway.gateway.store.DatabaseUnavailableException;
import io.llmgateway.gateway.store.LlmDatabase;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /spend/logs} and {@code GET /spend/report}, JSON, for admins only ({@link AdminAuthorizer}; by default
 * {@code Authorization: Bearer <llm.keys.master-key>}). Queries run on {@link LlmDatabase}'s bounded executor.
 * Money is written as exact decimal numbers.
 */
public final class SpendReportHandler {

	static final int MAX_PAGE_SIZE = 1000;

	/** {@code group_by} values and the SQL expression each groups by; a fixed list, so no SQL is built from input. */
	private static final Map<String, String> GROUPS = Map.of("day", "spend_day", "model", "model_alias", "key", "key_id",
			"team", "team_id", "provider", "provider", "user", "user_id", "end_user", "end_user", "deployment",
			"deployment_id");

	private static final Map<String, String> FILTERS = Map.of("key", "key_id", "user", "user_id", "team", "team_id",
			"model", "model_alias", "end_user", "end_user", "provider", "provider");

	private static final JsonMapper JSON = LlmJson.mapper();

	private final LlmDatabase db;

	private final AdminAuthorizer admin;

	public SpendReportHandler(LlmDatabase db, AdminAuthorizer admin) {
		this.db = db;
		this.admin = admin;
	}

	/** The {@code spend} group of admin endpoints. */
	public LlmAdminEndpoints endpoints() {
		return new LlmAdminEndpoints("spend", RouterFunctions.route()
			.GET("/spend/logs", req -> authorized(req, () -> logs(req)))
			.GET("/spend/report", req -> authorized(req, () -> report(req)))
			.build());
	}

	private Mono<ServerResponse> authorized(ServerRequest req, java.util.function.Supplier<Mono<ServerResponse>> then) {
		return admin.isAdmin(req.exchange().getRequest()).flatMap(ok -> {
			if (!Boolean.TRUE.equals(ok)) {
				return error(HttpStatus.UNAUTHORIZED, "authentication_error", "Admin credential required");
			}
			try {
				return then.get();
			}
			catch (IllegalArgumentException ex) {
				return error(HttpStatus.BAD_REQUEST, "invalid_request_error", ex.getMessage());
			}
		}).onErrorResume(DatabaseUnavailableException.class, ex -> error(HttpStatus.SERVICE_UNAVAILABLE,
				"server_error", "The spend ledger's database is unavailable; try again later."));
	}

	private Mono<ServerResponse> logs(ServerRequest req) {
		int page = intParam(req, "page", 0, 0, Integer.MAX_VALUE);
		int size = intParam(req, "size", 50, 1, MAX_PAGE_SIZE);
		Where where = where(req);
		String sql = "SELECT request_id, started_at, duration_ms, ttft_ms, key_id, key_alias, user_id, team_id, end_user,"
				+ " model_alias, deployment_id, provider, model, route_id, client_protocol, stream, input_tokens,"
				+ " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost, cache_hit, cache_saving,"
				+ " status, outcome, error_type, attempts, price_source, price_key, price_version, usage_estimated, request_body,"
				+ " response_body FROM llm_spend_log" + where.sql + " ORDER BY started_at DESC, request_id LIMIT ? OFFSET ?";
		List<Object> args = new ArrayList<>(where.args);
		args.add(size + 1);
		args.add((long) page * size);
		return db.call(jdbc -> jdbc.query(sql, (rs, n) -> logRow(rs), args.toArray())).flatMap(rows -> {
			Map<String, Object> body = new LinkedHashMap<>();
			boolean more = rows.size() > size;
			body.put("data", more ? rows.subList(0, size) : rows);
			body.put("page", page);
			body.put("size", size);
			body.put("has_more", more);
			return json(body);
		});
	}

	private Mono<ServerResponse> report(ServerRequest req) {
		String groupBy = req.queryParam("group_by").orElse("day");
		String column = GROUPS.get(groupBy);
		if (column == null) {
			throw new IllegalArgumentException("group_by must be one of " + String.join(", ", GROUPS.keySet().stream().sorted().toList()));
		}
		Where where = where(req);
		String sql = "SELECT " + column + " AS grp, COUNT(*), SUM(input_tokens), SUM(output_tokens),"
				+ " SUM(cache_read_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens), SUM(cost),"
				+ " SUM(CASE WHEN cache_hit THEN 1 ELSE 0 END), SUM(cache_saving) FROM llm_spend_log" + where.sql
				+ " GROUP BY " + column + " ORDER BY " + column;
		return db.call(jdbc -> jdbc.query(sql, (rs, n) -> reportRow(rs), where.args.toArray())).flatMap(rows -> {
			Map<String, Object> total = new LinkedHashMap<>();
			total.put("requests", rows.stream().mapToLong(r -> (Long) r.get("requests")).sum());
			total.put("cost", rows.stream().map(r -> (BigDecimal) r.get("cost")).reduce(BigDecimal.ZERO, BigDecimal::add));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("group_by", groupBy);
			body.put("data", rows);
			body.put("total", total);
			return json(body);
		});
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

	private static BigDecimal plain(BigDecimal v) {
		return v == null ? null : v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
	}

	private static Where where(ServerRequest req) {
		StringBuilder sql = new StringBuilder();
		List<Object> args = new ArrayList<>();
		FILTERS.forEach((param, column) -> req.queryParam(param).filter(v -> !v.isBlank()).ifPresent(v -> {
			sql.append(sql.isEmpty() ? " WHERE " : " AND ").append(column).append(" = ?");
			args.add(v);
		}));
		req.queryParam("from").filter(v -> !v.isBlank()).ifPresent(v -> {
			sql.append(sql.isEmpty() ? " WHERE " : " AND ").append("started_at >= ?");
			args.add(instant(v, false).atOffset(ZoneOffset.UTC));
		});
		req.queryParam("to").filter(v -> !v.isBlank()).ifPresent(v -> {
			sql.append(sql.isEmpty() ? " WHERE " : " AND ").append("started_at < ?");
			args.add(instant(v, true).atOffset(ZoneOffset.UTC));
		});
		return new Where(sql.toString(), args);
	}

	/** An ISO instant, or a date: {@code from} = its start, {@code to} = the end of that day (inclusive date). */
	static Instant instant(String v, boolean endOfDay) {
		try {
			if (v.length() == 10) {
				LocalDate d = LocalDate.parse(v);
				return (endOfDay ? d.plusDays(1) : d).atStartOfDay().toInstant(ZoneOffset.UTC);
			}
			return OffsetDateTime.parse(v).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + v + "' is not a date (2026-11-25) or an ISO instant (2026-11-25T10:00:00Z)");
		}
	}

	private static int intParam(ServerRequest req, String name, int dflt, int min, int max) {
		String v = req.queryParam(name).orElse(null);
		if (v == null || v.isBlank()) {
			return dflt;
		}
		try {
			int n = Integer.parseInt(v.trim());
			if (n < min || n > max) {
				throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be an integer");
		}
	}

	private static Mono<ServerResponse> json(Object body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsBytes(body));
	}

	private static Mono<ServerResponse> error(HttpStatus status, String type, String message) {
		Map<String, Object> err = new LinkedHashMap<>();
		err.put("message", message);
		err.put("type", type);
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(Map.of("error", err)));
	}

	private record Where(String sql, List<Object> args) {
	}
}

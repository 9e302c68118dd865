package io.llmgateway.gateway.spend.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
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
		SpendReportStore.Filter filter = filter(req);
		return db.call(jdbc -> new SpendReportStore(jdbc).logs(filter, size + 1, (long) page * size)).flatMap(rows -> {
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
		if (!SpendReportStore.GROUPS.containsKey(groupBy)) {
			throw new IllegalArgumentException("group_by must be one of "
					+ String.join(", ", SpendReportStore.GROUPS.keySet().stream().sorted().toList()));
		}
		SpendReportStore.Filter filter = filter(req);
		return db.call(jdbc -> new SpendReportStore(jdbc).report(groupBy, filter)).flatMap(rows -> {
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

	private static SpendReportStore.Filter filter(ServerRequest req) {
		Map<String, String> equal = new LinkedHashMap<>();
		for (String param : SpendReportStore.FILTERS.keySet()) {
			req.queryParam(param).filter(v -> !v.isBlank()).ifPresent(v -> equal.put(param, v));
		}
		Instant from = req.queryParam("from").filter(v -> !v.isBlank()).map(v -> instant(v, false)).orElse(null);
		Instant to = req.queryParam("to").filter(v -> !v.isBlank()).map(v -> instant(v, true)).orElse(null);
		return new SpendReportStore.Filter(equal, from, to);
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
}

package io.llmgateway.adminui;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.llmgateway.gateway.auth.UserAdminService;
import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.Deployment;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.ModelGroup;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.gateway.routing.DeploymentStats;
import io.llmgateway.gateway.spend.pricing.AppliedPrice;
import io.llmgateway.gateway.spend.pricing.PriceCatalog;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.translate.model.LlmException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read-only admin endpoints the console needs and the admin API did not have, served through the admin seam
 * ({@link LlmAdminEndpoints} group {@code console}, under {@code llm.admin.path-prefix} only) and guarded by the same
 * {@link AdminAuthorizer}:
 * <ul>
 * <li>{@code GET /spend/daily?from=&to=} (dates, default the last 30 days): requests, errors, tokens, cost per day;</li>
 * <li>{@code GET /spend/requests?key=&model=&status=&from=&to=&limit=}: recent ledger rows, never prompts;</li>
 * <li>{@code GET /user/list}: users with their keys and teams (LiteLLM has the same path);</li>
 * <li>{@code GET /model/deployments}: each deployment's alias, provider, model, price and quota headroom.</li>
 * </ul>
 * Each part is present only when its capability is (ledger, keys, models).
 */
final class ConsoleDataRoutes {

	static final String DAILY = "/spend/daily";

	static final String REQUESTS = "/spend/requests";

	static final String USERS = "/user/list";

	static final String DEPLOYMENTS = "/model/deployments";

	private static final JsonMapper JSON = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	private final AdminAuthorizer admin;

	private final LlmDatabase db;

	private final UserAdminService users;

	private final ModelRegistry models;

	private final PriceCatalog prices;

	private final DeploymentStats stats;

	ConsoleDataRoutes(AdminAuthorizer admin, LlmDatabase db, UserAdminService users, ModelRegistry models,
			PriceCatalog prices, DeploymentStats stats) {
		this.admin = admin;
		this.db = db;
		this.users = users;
		this.models = models;
		this.prices = prices;
		this.stats = stats;
	}

	/** Not LiteLLM paths (except {@code /user/list}), so served under the prefix only. */
	LlmAdminEndpoints endpoints() {
		return new LlmAdminEndpoints("console", routes(), false);
	}

	RouterFunction<ServerResponse> routes() {
		RouterFunctions.Builder r = RouterFunctions.route();
		if (db != null) {
			r.GET(DAILY, this::daily).GET(REQUESTS, this::requests);
		}
		if (db != null && users != null) {
			r.GET(USERS, this::users);
		}
		r.GET(DEPLOYMENTS, req -> json(deployments()));
		return r.filter((request, next) -> admin.isAdmin(request.exchange().getRequest())
			.defaultIfEmpty(false)
			.flatMap(ok -> ok ? guarded(() -> next.handle(request))
					: error(HttpStatus.UNAUTHORIZED, "authentication_error", "Admin credential required")))
			.build();
	}

	private Mono<ServerResponse> daily(ServerRequest req) {
		LocalDate to = date(req, "to", LocalDate.now(ZoneOffset.UTC));
		LocalDate from = date(req, "from", to.minusDays(29));
		return db.call(jdbc -> ConsoleLedgerQueries.daily(jdbc, from, to))
			.flatMap(rows -> json(Map.of("from", from.toString(), "to", to.toString(), "data", rows)));
	}

	private Mono<ServerResponse> requests(ServerRequest req) {
		String key = param(req, "key");
		String model = param(req, "model");
		String status = param(req, "status");
		OffsetDateTime from = instant(req, "from", false);
		OffsetDateTime to = instant(req, "to", true);
		int limit = intParam(req, "limit", 100);
		return db.call(jdbc -> ConsoleLedgerQueries.recent(jdbc, key, model, status, from, to, limit))
			.flatMap(rows -> json(Map.of("data", rows)));
	}

	private Mono<ServerResponse> users(ServerRequest req) {
		return db.call(jdbc -> {
			List<String> ids = jdbc.queryForList("SELECT user_id FROM llm_user ORDER BY user_id LIMIT 1000", String.class);
			List<Object> users = new ArrayList<>();
			for (String id : ids) {
				try {
					users.add(this.users.userInfo(id));
				}
				catch (LlmException deletedMeanwhile) {
					// listed, then deleted before we read it: leave it out
				}
			}
			return users;
		}).flatMap(users -> json(Map.of("users", users)));
	}

	private List<Map<String, Object>> deployments() {
		List<Map<String, Object>> out = new ArrayList<>();
		if (models == null) {
			return out;
		}
		for (ModelGroup g : models.groups()) {
			for (Deployment d : g.deployments()) {
				Map<String, Object> m = new LinkedHashMap<>();
				m.put("id", d.id());
				m.put("model_name", d.group());
				m.put("provider", d.provider());
				m.put("model", d.model());
				m.put("weight", d.weight());
				Long rpm = d.config().rpm();
				Long tpm = d.config().tpm();
				long usedRequests = stats == null ? 0 : stats.requestsThisMinute(d.id());
				long usedTokens = stats == null ? 0 : stats.tokensThisMinute(d.id());
				m.put("rpm_limit", rpm);
				m.put("tpm_limit", tpm);
				m.put("requests_this_minute", usedRequests);
				m.put("tokens_this_minute", usedTokens);
				m.put("rpm_headroom", rpm == null ? null : Math.max(0, rpm - usedRequests));
				m.put("tpm_headroom", tpm == null ? null : Math.max(0, tpm - usedTokens));
				m.put("price", price(d));
				out.add(m);
			}
		}
		return out;
	}

	private Map<String, Object> price(Deployment d) {
		Map<String, Object> p = new LinkedHashMap<>();
		AppliedPrice applied = prices == null ? AppliedPrice.UNKNOWN : prices.forDeployment(d);
		p.put("source", applied.source());
		p.put("input_per_million", perMillion(applied.price().input()));
		p.put("output_per_million", perMillion(applied.price().output()));
		return p;
	}

	private static BigDecimal perMillion(BigDecimal perToken) {
		return perToken == null ? null : perToken.multiply(MILLION).stripTrailingZeros();
	}

	private static Mono<ServerResponse> guarded(Supplier<Mono<ServerResponse>> work) {
		try {
			return work.get().onErrorResume(IllegalArgumentException.class,
					ex -> error(HttpStatus.BAD_REQUEST, "invalid_request_error", ex.getMessage()));
		}
		catch (IllegalArgumentException ex) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request_error", ex.getMessage());
		}
	}

	private static String param(ServerRequest req, String name) {
		return req.queryParam(name).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
	}

	private static LocalDate date(ServerRequest req, String name, LocalDate fallback) {
		String v = param(req, name);
		try {
			return v == null ? fallback : LocalDate.parse(v);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(name + " must be a date such as 2026-11-25");
		}
	}

	/** A date (from = its start, to = its end) or an ISO instant. */
	private static OffsetDateTime instant(ServerRequest req, String name, boolean endOfDay) {
		String v = param(req, name);
		if (v == null) {
			return null;
		}
		try {
			if (v.length() == 10) {
				LocalDate d = LocalDate.parse(v);
				return (endOfDay ? d.plusDays(1) : d).atStartOfDay().atOffset(ZoneOffset.UTC);
			}
			return OffsetDateTime.parse(v);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException(name + " must be a date (2026-11-25) or an ISO instant (2026-11-25T10:00:00Z)");
		}
	}

	private static int intParam(ServerRequest req, String name, int fallback) {
		String v = param(req, name);
		try {
			return v == null ? fallback : Integer.parseInt(v);
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

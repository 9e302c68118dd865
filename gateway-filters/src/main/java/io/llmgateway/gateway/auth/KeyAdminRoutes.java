package io.llmgateway.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.core.LlmAdminEndpoints;
import io.llmgateway.gateway.core.MasterKeyAdminAuthorizer;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * LiteLLM's key, team and user admin endpoints as WebFlux functional routes. Every route needs an admin
 * ({@link AdminAuthorizer}: the master key, or an admin principal with Spring Security), except {@code /key/info},
 * which a virtual key may also call about itself. The JDBC work runs on the database executor.
 */
public class KeyAdminRoutes {

	private static final Log log = LogFactory.getLog(KeyAdminRoutes.class);

	private final KeyAdminService service;

	private final TeamAdminService teams;

	private final UserAdminService users;

	private final LlmDatabase db;

	private final AdminAuthorizer authorizer;

	private final KeyAuthenticator authenticator;

	private final ObjectMapper json;

	public KeyAdminRoutes(KeyAdminService service, TeamAdminService teams, UserAdminService users, LlmDatabase db,
			AdminAuthorizer authorizer, KeyAuthenticator authenticator, ObjectMapper json) {
		this.service = service;
		this.teams = teams;
		this.users = users;
		this.db = db;
		this.authorizer = authorizer;
		this.authenticator = authenticator;
		this.json = json;
	}

	/** The {@code keys} group of admin endpoints ({@code /key/*}, {@code /team/*}, {@code /user/*}). */
	public LlmAdminEndpoints endpoints() {
		return new LlmAdminEndpoints("keys", routes());
	}

	RouterFunction<ServerResponse> routes() {
		RouterFunction<ServerResponse> admin = RouterFunctions.route()
			.POST("/key/generate", body(service::generate))
			.POST("/key/update", body(service::update))
			.POST("/key/delete", body(service::delete))
			.GET("/key/list", r -> run(() -> service.list(param(r, "team_id"), param(r, "user_id"),
					param(r, "key_alias"), intParam(r, "page", 1), intParam(r, "size", 10),
					"true".equalsIgnoreCase(param(r, "return_full_object")))))
			.POST("/key/block", body(b -> service.block(b, true)))
			.POST("/key/unblock", body(b -> service.block(b, false)))
			.POST("/key/regenerate", body(b -> service.regenerate(AdminJson.text(b, "key"), b)))
			.POST("/key/{key}/regenerate", r -> readBody(r)
				.flatMap(b -> run(() -> service.regenerate(r.pathVariable("key"), b)))
				.onErrorResume(this::error))
			.POST("/team/new", body(teams::newTeam))
			.POST("/team/update", body(teams::updateTeam))
			.POST("/team/delete", body(teams::deleteTeams))
			.GET("/team/info", r -> run(() -> teams.teamInfo(param(r, "team_id"))))
			.GET("/team/list", r -> run(teams::listTeams))
			.POST("/user/new", body(users::newUser))
			.POST("/user/update", body(users::updateUser))
			.POST("/user/delete", body(users::deleteUsers))
			.GET("/user/info", r -> run(() -> users.userInfo(param(r, "user_id"))))
			.filter(adminOnly())
			.build();
		RouterFunction<ServerResponse> info = RouterFunctions.route().GET("/key/info", this::keyInfo).build();
		return info.and(admin);
	}

	/** An admin may ask about any key; a virtual key about itself ({@code key} absent or its own). */
	private Mono<ServerResponse> keyInfo(ServerRequest request) {
		String asked = param(request, "key");
		return authorizer.isAdmin(request.exchange().getRequest()).flatMap(isAdmin -> {
			if (isAdmin) {
				return run(() -> service.info(asked));
			}
			String own = MasterKeyAdminAuthorizer.presentedKey(request.exchange().getRequest());
			if (own == null || own.isEmpty()) {
				return error(new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "missing_api_key",
						"Missing API key.")));
			}
			String ownToken = VirtualKeys.hash(own);
			if (asked != null && !VirtualKeys.tokenOf(asked).equals(ownToken)) {
				return error(new LlmException(LlmError.of(ErrorType.PERMISSION,
						"A key may only read its own information.")));
			}
			return authenticator.authenticate(own)
				.flatMap(identity -> run(() -> service.info(ownToken)))
				.onErrorResume(LlmException.class, this::error);
		});
	}

	private HandlerFilterFunction<ServerResponse, ServerResponse> adminOnly() {
		return (request, next) -> authorizer.isAdmin(request.exchange().getRequest())
			.flatMap(ok -> ok ? next.handle(request)
					: error(new LlmException(LlmError.of(ErrorType.AUTHENTICATION, "admin_required",
							"Admin endpoints need the master key (Authorization: Bearer <master key>) or an admin principal."))));
	}

	private org.springframework.web.reactive.function.server.HandlerFunction<ServerResponse> body(
			Function<JsonNode, Object> work) {
		return request -> readBody(request).flatMap(b -> run(() -> work.apply(b))).onErrorResume(this::error);
	}

	private Mono<JsonNode> readBody(ServerRequest request) {
		return request.bodyToMono(byte[].class)
			.map(bytes -> {
				try {
					return json.readTree(bytes);
				}
				catch (JacksonException ex) {
					throw AdminJson.badRequest("Request body is not valid JSON");
				}
			})
			.defaultIfEmpty(json.createObjectNode());
	}

	private Mono<ServerResponse> run(java.util.function.Supplier<Object> work) {
		return db.call(jdbc -> work.get())
			.flatMap(result -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(json.writeValueAsBytes(result)))
			.onErrorResume(this::error);
	}

	private Mono<ServerResponse> error(Throwable ex) {
		LlmError e;
		if (ex instanceof LlmException le) {
			e = le.error();
		}
		else {
			log.warn("Admin request failed: " + ex.getClass().getSimpleName());
			e = LlmError.of(ErrorType.UNAVAILABLE, "database_unavailable", "The key store is unavailable.");
		}
		return ServerResponse.status(e.status())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json.writeValueAsString(AdminJson.error(e)).getBytes(StandardCharsets.UTF_8));
	}

	private static String param(ServerRequest request, String name) {
		return request.queryParam(name).filter(s -> !s.isBlank()).orElse(null);
	}

	private static int intParam(ServerRequest request, String name, int fallback) {
		String v = param(request, name);
		try {
			return v == null ? fallback : Integer.parseInt(v);
		}
		catch (NumberFormatException ex) {
			throw AdminJson.badRequest(name + " must be an integer", name);
		}
	}
}

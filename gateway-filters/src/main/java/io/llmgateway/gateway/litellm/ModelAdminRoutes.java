package io.llmgateway.gateway.litellm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.llmgateway.gateway.core.AdminAuthorizer;
import io.llmgateway.gateway.model.ModelRegistry;
import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * LiteLLM's model management endpoints ({@link ModelAdminPaths}), for admins only (the master key or an admin
 * principal). {@code /model/new}, {@code /model/update} and {@code /model/delete} store the deployment in the
 * gateway's database after validating the whole resulting model set (an invalid change is refused with the reason,
 * 400), apply it on this instance at once, and every other instance within its poll interval. Deployments from the
 * configuration are read-only here: change the file (it is reloaded).
 */
final class ModelAdminRoutes {

	private static final Log log = LogFactory.getLog(ModelAdminRoutes.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ModelRuntime runtime;

	private final ModelRegistry registry;

	private final ModelStore store;

	private final Scheduler blocking;

	private final AdminAuthorizer authorizer;

	/**
	 * @param store the database table, or null without a database (then only {@code /model/info} works)
	 * @param blocking where JDBC work runs (the database executor), never the event loop
	 */
	ModelAdminRoutes(ModelRuntime runtime, ModelRegistry registry, ModelStore store, Scheduler blocking,
			AdminAuthorizer authorizer) {
		this.runtime = runtime;
		this.registry = registry;
		this.store = store;
		this.blocking = blocking;
		this.authorizer = authorizer;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET(ModelAdminPaths.INFO, this::info)
			.GET(ModelAdminPaths.INFO_V1, this::info)
			.POST(ModelAdminPaths.NEW, r -> write(r, this::create))
			.POST(ModelAdminPaths.UPDATE, r -> write(r, this::update))
			.POST(ModelAdminPaths.DELETE, r -> write(r, this::delete))
			.filter((request, next) -> authorizer.isAdmin(request.exchange().getRequest())
				.flatMap(ok -> ok ? next.handle(request) : error(new LlmException(LlmError.of(ErrorType.AUTHENTICATION,
						"admin_required", "Model endpoints need the master key (Authorization: Bearer <master key>).")))))
			.build();
	}

	private Mono<ServerResponse> info(ServerRequest request) {
		String id = request.queryParam("litellm_model_id").filter(s -> !s.isBlank()).orElse(null);
		return json(ModelInfoView.render(registry.snapshot(), runtime.stored(), id));
	}

	private Mono<ServerResponse> write(ServerRequest request, java.util.function.Function<Map<String, Object>,
			Object> work) {
		if (store == null) {
			return error(new LlmException(LlmError.of(ErrorType.UNAVAILABLE, "database_disabled",
					"Model management needs the gateway's database (llm.database.enabled).")));
		}
		return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(bytes -> {
			Map<String, Object> body;
			try {
				body = bytes.length == 0 ? Map.of() : Values.map(JSON.readValue(bytes, Map.class), "body");
			}
			catch (JacksonException | IllegalStateException ex) {
				return error(badRequest("The request body is not a JSON object."));
			}
			return run(() -> work.apply(body));
		});
	}

	private Object create(Map<String, Object> body) {
		String name = Values.string(body.get("model_name"));
		Map<String, Object> params = Values.map(body.get("litellm_params"), "litellm_params");
		if (name == null || name.isBlank() || params.get("model") == null) {
			throw badRequest("model_name and litellm_params.model are required");
		}
		Map<String, Object> info = new LinkedHashMap<>(Values.map(body.get("model_info"), "model_info"));
		String id = info.get("id") != null ? String.valueOf(info.get("id")) : UUID.randomUUID().toString();
		info.remove("id");
		if (registry.deployment(id) != null) {
			throw badRequest("A deployment with id '" + id + "' already exists.");
		}
		ModelStore.StoredModel row = new ModelStore.StoredModel(id, name,
				JSON.writeValueAsString(runtime.secrets().seal(params)),
				info.isEmpty() ? null : JSON.writeValueAsString(info));
		List<String> warnings = validate(row, withRow(runtime.stored(), row, false));
		try {
			store.insert(row);
		}
		catch (RuntimeException ex) {
			if (store.find(id) != null) {
				// another instance stored the same id between the check and the insert
				throw badRequest("A deployment with id '" + id + "' already exists.");
			}
			throw ex;
		}
		runtime.setStored(store.all());
		return result("model added", row, warnings);
	}

	private Object update(Map<String, Object> body) {
		Map<String, Object> info = new LinkedHashMap<>(Values.map(body.get("model_info"), "model_info"));
		String id = Values.string(body.get("id") != null ? body.get("id") : info.get("id"));
		if (id == null) {
			throw badRequest("model_info.id (or id) is required");
		}
		info.remove("id");
		ModelStore.StoredModel current = store.find(id);
		if (current == null) {
			throw notFoundOrConfigured(id);
		}
		Map<String, Object> params = new LinkedHashMap<>(Values.map(JSON.readValue(current.params(), Map.class),
				"litellm_params"));
		Values.map(body.get("litellm_params"), "litellm_params").forEach((k, v) -> {
			if (v == null) {
				params.remove(k);
			}
			else {
				params.put(k, v);
			}
		});
		Map<String, Object> mergedInfo = new LinkedHashMap<>(current.info() == null ? Map.of()
				: Values.map(JSON.readValue(current.info(), Map.class), "model_info"));
		mergedInfo.putAll(info);
		String name = body.get("model_name") != null ? Values.string(body.get("model_name")) : current.name();
		ModelStore.StoredModel row = new ModelStore.StoredModel(id, name,
				JSON.writeValueAsString(runtime.secrets().seal(params)),
				mergedInfo.isEmpty() ? null : JSON.writeValueAsString(mergedInfo));
		List<String> warnings = validate(row, withRow(runtime.stored(), row, true));
		store.update(row);
		runtime.setStored(store.all());
		return result("model updated", row, warnings);
	}

	private Object delete(Map<String, Object> body) {
		String id = Values.string(body.get("id"));
		if (id == null) {
			throw badRequest("id is required");
		}
		if (store.find(id) == null) {
			throw notFoundOrConfigured(id);
		}
		List<ModelStore.StoredModel> rest = new ArrayList<>(runtime.stored());
		rest.removeIf(r -> r.id().equals(id));
		try {
			runtime.check(rest);
		}
		catch (IllegalStateException ex) {
			throw badRequest("Deleting '" + id + "' would leave an invalid model set: " + ex.getMessage());
		}
		store.delete(id);
		runtime.setStored(store.all());
		return Map.of("message", "model deleted", "id", id);
	}

	private LlmException notFoundOrConfigured(String id) {
		if (runtime.isConfigured(id)) {
			return badRequest("The deployment '" + id + "' comes from the configuration file: change the file (it is"
					+ " reloaded when it changes).");
		}
		return new LlmException(LlmError.of(ErrorType.NOT_FOUND, "model_not_found", "No stored deployment '" + id
				+ "'."));
	}

	/** The whole resulting set must validate; the answer lists the keys of the entry that are not honoured. */
	private List<String> validate(ModelStore.StoredModel row, List<ModelStore.StoredModel> rows) {
		TranslationReport report = new TranslationReport();
		try {
			runtime.translate(row, report);
			runtime.check(rows);
		}
		catch (IllegalStateException ex) {
			throw badRequest("Invalid model: " + ex.getMessage());
		}
		List<String> warnings = new ArrayList<>(report.unsupportedKeys());
		report.differences().forEach((k, v) -> warnings.add(k + ": " + v));
		return warnings;
	}

	private static List<ModelStore.StoredModel> withRow(List<ModelStore.StoredModel> rows, ModelStore.StoredModel row,
			boolean replace) {
		List<ModelStore.StoredModel> out = new ArrayList<>(rows);
		if (replace) {
			out.replaceAll(r -> r.id().equals(row.id()) ? row : r);
		}
		else {
			out.add(row);
		}
		return out;
	}

	private static Map<String, Object> result(String message, ModelStore.StoredModel row, List<String> warnings) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("message", message);
		out.put("model_name", row.name());
		out.put("model_id", row.id());
		out.put("warnings", warnings);
		return out;
	}

	private Mono<ServerResponse> run(Supplier<Object> work) {
		return Mono.fromCallable(work::get).subscribeOn(blocking).flatMap(this::json).onErrorResume(this::error);
	}

	private Mono<ServerResponse> json(Object body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsBytes(body));
	}

	private Mono<ServerResponse> error(Throwable ex) {
		LlmError e;
		if (ex instanceof LlmException le) {
			e = le.error();
		}
		else if (ex instanceof IllegalStateException bad) {
			e = LlmError.of(ErrorType.INVALID_REQUEST, bad.getMessage());
		}
		else {
			log.warn("Model admin request failed: " + ex);
			e = LlmError.of(ErrorType.UNAVAILABLE, "database_unavailable", "The model store is unavailable.");
		}
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("message", e.message());
		inner.put("type", e.type().openAiType());
		inner.put("code", e.code() != null ? e.code() : String.valueOf(e.status()));
		return ServerResponse.status(e.status())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsBytes(Map.of("error", inner)));
	}

	private static LlmException badRequest(String message) {
		return new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, message));
	}
}

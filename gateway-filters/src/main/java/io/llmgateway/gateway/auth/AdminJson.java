package io.llmgateway.gateway.auth;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmgateway.translate.model.ErrorType;
import io.llmgateway.translate.model.LlmError;
import io.llmgateway.translate.model.LlmException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and writes the admin API's JSON with LiteLLM's field names. Reading distinguishes an absent field (keep the
 * stored value) from an explicit {@code null} (clear it); a wrong type is a 400 naming the field.
 */
final class AdminJson {

	private AdminJson() {
	}

	static boolean has(JsonNode body, String field) {
		return body != null && body.has(field);
	}

	static String text(JsonNode body, String field) {
		JsonNode n = body == null ? null : body.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (!n.isString() && !n.isNumber()) {
			throw bad(field, "a string");
		}
		String s = n.asString();
		return s.isBlank() ? null : s;
	}

	static Long longValue(JsonNode body, String field) {
		JsonNode n = body == null ? null : body.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (n.isNumber() && n.canConvertToLong()) {
			return n.asLong();
		}
		throw bad(field, "an integer");
	}

	static Integer intValue(JsonNode body, String field) {
		Long v = longValue(body, field);
		return v == null ? null : Math.toIntExact(v);
	}

	static BigDecimal decimal(JsonNode body, String field) {
		JsonNode n = body == null ? null : body.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (!n.isNumber()) {
			throw bad(field, "a number");
		}
		BigDecimal v = n.decimalValue();
		if (v.signum() < 0) {
			throw bad(field, "a number >= 0");
		}
		return v;
	}

	static Boolean bool(JsonNode body, String field) {
		JsonNode n = body == null ? null : body.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (!n.isBoolean()) {
			throw bad(field, "true or false");
		}
		return n.asBoolean();
	}

	static List<String> strings(JsonNode body, String field) {
		JsonNode n = body == null ? null : body.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (!n.isArray()) {
			throw bad(field, "a list of strings");
		}
		List<String> out = new ArrayList<>();
		for (JsonNode v : n.values()) {
			if (!v.isString()) {
				throw bad(field, "a list of strings");
			}
			out.add(v.asString());
		}
		return out;
	}

	static Map<String, Long> longs(JsonNode body, String field) {
		JsonNode n = body == null ? null : body.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (!n.isObject()) {
			throw bad(field, "an object of model name to integer");
		}
		Map<String, Long> out = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> e : n.properties()) {
			if (!e.getValue().isNumber() || !e.getValue().canConvertToLong()) {
				throw bad(field, "an object of model name to integer");
			}
			out.put(e.getKey(), e.getValue().asLong());
		}
		return out;
	}

	static Map<String, Object> objects(JsonNode body, String field, tools.jackson.databind.ObjectMapper json) {
		JsonNode n = body == null ? null : body.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (!n.isObject()) {
			throw bad(field, "an object");
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> map = json.treeToValue(n, Map.class);
		return map;
	}

	/** The quota {@code base} with every quota field present in {@code body} applied. */
	static Quota quota(JsonNode body, Quota base) {
		Quota b = base == null ? Quota.NONE : base;
		return new Quota(has(body, "models") ? strings(body, "models") : b.models(),
				has(body, "max_budget") ? decimal(body, "max_budget") : b.maxBudget(),
				has(body, "soft_budget") ? decimal(body, "soft_budget") : b.softBudget(),
				has(body, "budget_duration") ? Durations.validate(text(body, "budget_duration"), "budget_duration")
						: b.budgetDuration(),
				has(body, "tpm_limit") ? longValue(body, "tpm_limit") : b.tpmLimit(),
				has(body, "rpm_limit") ? longValue(body, "rpm_limit") : b.rpmLimit(),
				has(body, "max_parallel_requests") ? intValue(body, "max_parallel_requests") : b.maxParallelRequests(),
				has(body, "model_tpm_limit") ? longs(body, "model_tpm_limit") : b.modelTpmLimit(),
				has(body, "model_rpm_limit") ? longs(body, "model_rpm_limit") : b.modelRpmLimit());
	}

	static void putQuota(Map<String, Object> out, Quota q, boolean perModel) {
		out.put("models", q.models());
		out.put("max_budget", money(q.maxBudget()));
		out.put("soft_budget", money(q.softBudget()));
		out.put("budget_duration", q.budgetDuration());
		out.put("tpm_limit", q.tpmLimit());
		out.put("rpm_limit", q.rpmLimit());
		out.put("max_parallel_requests", q.maxParallelRequests());
		if (perModel) {
			out.put("model_tpm_limit", q.modelTpmLimit());
			out.put("model_rpm_limit", q.modelRpmLimit());
		}
	}

	/** A key as the admin API shows it: never the key, only its token (hash) and masked name. */
	static Map<String, Object> key(KeyRecord k) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("token", k.token());
		out.put("key_name", k.keyName());
		out.put("key_alias", k.keyAlias());
		putQuota(out, k.quota(), true);
		out.put("team_id", k.teamId());
		out.put("user_id", k.userId());
		out.put("expires", time(k.expiresAt()));
		out.put("metadata", k.metadata());
		out.put("blocked", k.blocked());
		out.put("created_at", time(k.createdAt()));
		out.put("updated_at", time(k.updatedAt()));
		return out;
	}

	static Map<String, Object> team(TeamRecord t) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("team_id", t.teamId());
		out.put("team_alias", t.teamAlias());
		putQuota(out, t.quota(), true);
		out.put("metadata", t.metadata());
		out.put("blocked", t.blocked());
		out.put("created_at", time(t.createdAt()));
		out.put("updated_at", time(t.updatedAt()));
		return out;
	}

	static Map<String, Object> user(UserRecord u) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("user_id", u.userId());
		out.put("user_email", u.userEmail());
		out.put("user_role", u.userRole());
		out.put("teams", u.teams());
		putQuota(out, u.quota(), false);
		out.put("metadata", u.metadata());
		out.put("created_at", time(u.createdAt()));
		out.put("updated_at", time(u.updatedAt()));
		return out;
	}

	static Map<String, Object> error(LlmError e) {
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("message", e.message());
		inner.put("type", e.type().openAiType());
		inner.put("param", e.param());
		inner.put("code", e.code() != null ? e.code() : String.valueOf(e.status()));
		return Map.of("error", inner);
	}

	static String time(OffsetDateTime t) {
		return t == null ? null : t.toString();
	}

	static BigDecimal money(BigDecimal v) {
		return v == null ? null : v.stripTrailingZeros();
	}

	static LlmException bad(String field, String expected) {
		return new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, field + " must be " + expected)
			.withParam(field));
	}

	static LlmException badRequest(String message) {
		return new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, message));
	}

	static LlmException badRequest(String message, String param) {
		return new LlmException(LlmError.of(ErrorType.INVALID_REQUEST, message).withParam(param));
	}

	static LlmException notFound(String message) {
		return new LlmException(LlmError.of(ErrorType.NOT_FOUND, message));
	}

	/** Now, as the admin tables store it: UTC, to the microsecond. */
	static OffsetDateTime now(java.time.Clock clock) {
		return OffsetDateTime.now(clock).withOffsetSameInstant(java.time.ZoneOffset.UTC)
			.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
	}

	/** The text of a field the operation cannot do without; a 400 naming it when absent. */
	static String requiredText(JsonNode body, String field) {
		String v = text(body, field);
		if (v == null) {
			throw badRequest(field + " is required", field);
		}
		return v;
	}
}

package io.llmgateway.gateway.auth;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.llmgateway.gateway.auth.AdminJson.badRequest;
import static io.llmgateway.gateway.auth.AdminJson.bool;
import static io.llmgateway.gateway.auth.AdminJson.has;
import static io.llmgateway.gateway.auth.AdminJson.notFound;
import static io.llmgateway.gateway.auth.AdminJson.objects;
import static io.llmgateway.gateway.auth.AdminJson.quota;
import static io.llmgateway.gateway.auth.AdminJson.requiredText;
import static io.llmgateway.gateway.auth.AdminJson.strings;
import static io.llmgateway.gateway.auth.AdminJson.text;

/**
 * The admin operations on users (LiteLLM's {@code /user/*}), as blocking methods run on the database executor. A new
 * user gets a first key from {@link KeyAdminService} unless asked not to.
 */
public class UserAdminService {

	private final KeyStore store;

	private final KeyAuthenticator authenticator;

	private final QuotaDirectory directory;

	private final KeyAdminService keys;

	private final ObjectMapper json;

	private final Clock clock;

	public UserAdminService(KeyStore store, KeyAuthenticator authenticator, QuotaDirectory directory,
			KeyAdminService keys, ObjectMapper json, Clock clock) {
		this.store = store;
		this.authenticator = authenticator;
		this.directory = directory;
		this.keys = keys;
		this.json = json;
		this.clock = clock;
	}

	private OffsetDateTime now() {
		return AdminJson.now(clock);
	}

	/** {@code /user/new}: the user and, unless {@code auto_create_key} is false, a first key for it. */
	public Map<String, Object> newUser(JsonNode body) {
		OffsetDateTime now = now();
		String id = text(body, "user_id");
		UserRecord u = new UserRecord(id == null ? UUID.randomUUID().toString() : id, text(body, "user_email"),
				has(body, "user_role") ? text(body, "user_role") : "internal_user", strings(body, "teams"),
				quota(body, Quota.NONE), objects(body, "metadata", json), now, now);
		try {
			store.insertUser(u);
		}
		catch (DuplicateKeyException ex) {
			throw badRequest("user_id already exists: " + u.userId());
		}
		directory.invalidateAll();
		Map<String, Object> out = new LinkedHashMap<>();
		if (!Boolean.FALSE.equals(bool(body, "auto_create_key"))) {
			// the user's quota is the user's, not the key's: the first key carries only alias, expiry and team
			Map<String, Object> keyFields = new LinkedHashMap<>();
			keyFields.put("key_alias", text(body, "key_alias"));
			keyFields.put("duration", text(body, "duration"));
			keyFields.put("team_id", u.teams().isEmpty() ? null : u.teams().get(0));
			out.putAll(keys.generate(json.valueToTree(keyFields), u.userId()));
		}
		out.putAll(AdminJson.user(u));
		return out;
	}

	public Map<String, Object> userInfo(String userId) {
		UserRecord u = store.findUser(userId);
		if (u == null) {
			throw notFound("No such user: " + userId);
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("user_id", u.userId());
		out.put("user_info", AdminJson.user(u));
		out.put("keys", store.listKeys(null, userId, null, 1, 10_000).stream().map(AdminJson::key).toList());
		List<Map<String, Object>> teams = new ArrayList<>();
		for (String teamId : u.teams()) {
			TeamRecord t = store.findTeam(teamId);
			if (t != null) {
				teams.add(AdminJson.team(t));
			}
		}
		out.put("teams", teams);
		return out;
	}

	/** {@code /user/update}: applies the fields present (LiteLLM semantics); every cached identity re-reads it. */
	public Map<String, Object> updateUser(JsonNode body) {
		String id = requiredText(body, "user_id");
		UserRecord u = store.findUser(id);
		if (u == null) {
			throw notFound("No such user: " + id);
		}
		UserRecord updated = new UserRecord(u.userId(),
				has(body, "user_email") ? text(body, "user_email") : u.userEmail(),
				has(body, "user_role") ? text(body, "user_role") : u.userRole(),
				has(body, "teams") ? strings(body, "teams") : u.teams(), quota(body, u.quota()),
				has(body, "metadata") ? objects(body, "metadata", json) : u.metadata(), u.createdAt(), now());
		store.updateUser(updated);
		directory.invalidateAll();
		authenticator.invalidateAll();
		return AdminJson.user(updated);
	}

	/** {@code /user/delete}: the users and their keys (as LiteLLM does); spend already recorded stays. */
	public Map<String, Object> deleteUsers(JsonNode body) {
		List<String> ids = strings(body, "user_ids");
		if (ids == null || ids.isEmpty()) {
			throw AdminJson.badRequest("user_ids is required", "user_ids");
		}
		for (String id : ids) {
			store.deleteKeys(store.listKeys(null, id, null, 1, 100_000).stream().map(KeyRecord::token).toList());
		}
		List<String> deleted = store.deleteUsers(ids);
		directory.invalidateAll();
		authenticator.invalidateAll();
		if (deleted.isEmpty()) {
			throw notFound("No such user");
		}
		return Map.of("deleted_users", deleted);
	}
}

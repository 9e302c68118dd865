package io.llmgateway.gateway.auth;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static io.llmgateway.gateway.auth.AdminJson.badRequest;
import static io.llmgateway.gateway.auth.AdminJson.bool;
import static io.llmgateway.gateway.auth.AdminJson.has;
import static io.llmgateway.gateway.auth.AdminJson.notFound;
import static io.llmgateway.gateway.auth.AdminJson.objects;
import static io.llmgateway.gateway.auth.AdminJson.quota;
import static io.llmgateway.gateway.auth.AdminJson.strings;
import static io.llmgateway.gateway.auth.AdminJson.text;

/**
 * The admin operations on virtual keys (LiteLLM's {@code /key/*}), as blocking methods run on the database executor;
 * {@link TeamAdminService} and {@link UserAdminService} hold the {@code /team/*} and {@code /user/*} ones. Each change forgets the affected cached grants on this instance;
 * other instances see it within {@code llm.keys.cache-ttl}.
 */
public class KeyAdminService {

	private final KeyStore store;

	private final KeyAuthenticator authenticator;

	private final QuotaDirectory directory;

	private final ObjectMapper json;

	private final String prefix;

	private final Clock clock;

	public KeyAdminService(KeyStore store, KeyAuthenticator authenticator, QuotaDirectory directory, ObjectMapper json,
			String prefix, Clock clock) {
		this.store = store;
		this.authenticator = authenticator;
		this.directory = directory;
		this.json = json;
		this.prefix = prefix;
		this.clock = clock;
	}

	private OffsetDateTime now() {
		return AdminJson.now(clock);
	}

	// ---- keys

	/** {@code /key/generate}: the only answer that ever contains the key. */
	public Map<String, Object> generate(JsonNode body) {
		return generate(body, text(body, "user_id"));
	}

	Map<String, Object> generate(JsonNode body, String userId) {
		String key = VirtualKeys.generate(prefix);
		OffsetDateTime now = now();
		String duration = text(body, "duration");
		KeyRecord k = new KeyRecord(VirtualKeys.hash(key), VirtualKeys.mask(key, prefix), text(body, "key_alias"),
				quota(body, Quota.NONE), text(body, "team_id"), userId,
				duration == null ? null : Durations.after(now, duration, "duration"), objects(body, "metadata", json),
				Boolean.TRUE.equals(bool(body, "blocked")), now, now);
		checkAlias(k.keyAlias(), null);
		checkTeamModels(k);
		try {
			store.insertKey(k);
		}
		catch (DuplicateKeyException ex) {
			throw badRequest("key_alias already exists: " + k.keyAlias());
		}
		return withKey(key, k);
	}

	/** {@code /key/info?key=}: the key (or its token) and its row. */
	public Map<String, Object> info(String keyOrToken) {
		KeyRecord k = require(keyOrToken);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("key", k.token());
		out.put("info", AdminJson.key(k));
		return out;
	}

	/** {@code /key/update}: applies the fields present; {@code duration} sets a new expiry from now. */
	public Map<String, Object> update(JsonNode body) {
		KeyRecord k = require(AdminJson.requiredText(body, "key"));
		OffsetDateTime now = now();
		OffsetDateTime expires = k.expiresAt();
		if (has(body, "duration")) {
			String d = text(body, "duration");
			expires = d == null ? null : Durations.after(now, d, "duration");
		}
		KeyRecord updated = new KeyRecord(k.token(), k.keyName(),
				has(body, "key_alias") ? text(body, "key_alias") : k.keyAlias(), quota(body, k.quota()),
				has(body, "team_id") ? text(body, "team_id") : k.teamId(),
				has(body, "user_id") ? text(body, "user_id") : k.userId(), expires,
				has(body, "metadata") ? objects(body, "metadata", json) : k.metadata(),
				has(body, "blocked") ? Boolean.TRUE.equals(bool(body, "blocked")) : k.blocked(), k.createdAt(), now);
		checkAlias(updated.keyAlias(), k.token());
		checkTeamModels(updated);
		save(k.token(), updated);
		return AdminJson.key(updated);
	}

	/** {@code /key/block} and {@code /key/unblock}. */
	public Map<String, Object> block(JsonNode body, boolean blocked) {
		KeyRecord k = require(AdminJson.requiredText(body, "key"));
		KeyRecord updated = new KeyRecord(k.token(), k.keyName(), k.keyAlias(), k.quota(), k.teamId(), k.userId(),
				k.expiresAt(), k.metadata(), blocked, k.createdAt(), now());
		save(k.token(), updated);
		return AdminJson.key(updated);
	}

	/** {@code /key/regenerate}: a new key for the same row (same settings); the old key stops working at once here. */
	public Map<String, Object> regenerate(String keyOrToken, JsonNode body) {
		KeyRecord k = require(keyOrToken);
		String key = VirtualKeys.generate(prefix);
		OffsetDateTime now = now();
		OffsetDateTime expires = k.expiresAt();
		if (has(body, "duration")) {
			String d = text(body, "duration");
			expires = d == null ? null : Durations.after(now, d, "duration");
		}
		KeyRecord updated = new KeyRecord(VirtualKeys.hash(key), VirtualKeys.mask(key, prefix),
				has(body, "key_alias") ? text(body, "key_alias") : k.keyAlias(), quota(body, k.quota()), k.teamId(),
				k.userId(), expires, has(body, "metadata") ? objects(body, "metadata", json) : k.metadata(),
				k.blocked(), k.createdAt(), now);
		save(k.token(), updated);
		return withKey(key, updated);
	}

	/** {@code /key/delete} with {@code keys} (keys or tokens) and/or {@code key_aliases}. */
	public Map<String, Object> delete(JsonNode body) {
		List<String> tokens = new ArrayList<>();
		List<String> keys = strings(body, "keys");
		if (keys != null) {
			keys.forEach(k -> tokens.add(VirtualKeys.tokenOf(k)));
		}
		List<String> aliases = strings(body, "key_aliases");
		if (aliases != null) {
			for (String alias : aliases) {
				KeyRecord k = store.findKeyByAlias(alias);
				if (k != null) {
					tokens.add(k.token());
				}
			}
		}
		if (tokens.isEmpty()) {
			throw badRequest("keys or key_aliases is required");
		}
		List<String> deleted = store.deleteKeys(tokens);
		deleted.forEach(authenticator::invalidate);
		if (deleted.isEmpty()) {
			throw notFound("No such key");
		}
		return Map.of("deleted_keys", deleted);
	}

	/** {@code /key/list}: tokens, or full rows with {@code return_full_object=true}; pages start at 1. */
	public Map<String, Object> list(String teamId, String userId, String alias, int page, int size, boolean full) {
		int p = Math.max(1, page);
		int s = Math.min(Math.max(1, size), 1000);
		long total = store.countKeys(teamId, userId, alias);
		List<KeyRecord> rows = store.listKeys(teamId, userId, alias, p, s);
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("keys", full ? rows.stream().map(AdminJson::key).toList() : rows.stream().map(KeyRecord::token).toList());
		out.put("total_count", total);
		out.put("current_page", p);
		out.put("total_pages", (total + s - 1) / s);
		return out;
	}

	// ---- helpers

	/** The row of a key given as the key itself or as its token; a 404 when there is none. */
	public KeyRecord require(String keyOrToken) {
		if (keyOrToken == null || keyOrToken.isBlank()) {
			throw badRequest("key is required");
		}
		KeyRecord k = store.findKey(VirtualKeys.tokenOf(keyOrToken.trim()));
		if (k == null) {
			throw notFound("No such key");
		}
		return k;
	}

	private void checkAlias(String alias, String ownToken) {
		if (alias != null) {
			KeyRecord other = store.findKeyByAlias(alias);
			if (other != null && !other.token().equals(ownToken)) {
				throw badRequest("key_alias already exists: " + alias);
			}
		}
	}

	/** A team key may only list models its team may use (LiteLLM refuses the same). */
	private void checkTeamModels(KeyRecord k) {
		if (k.teamId() == null || k.quota().models().isEmpty()) {
			return;
		}
		TeamRecord team = store.findTeam(k.teamId());
		if (team == null || team.quota().models().isEmpty()) {
			return;
		}
		for (String m : k.quota().models()) {
			if (!team.quota().models().contains(m) && !"all-team-models".equals(m)) {
				throw AdminJson.badRequest("Model " + m + " is not allowed for team " + k.teamId(), "models");
			}
		}
	}

	private void save(String previousToken, KeyRecord updated) {
		try {
			store.updateKey(previousToken, updated);
		}
		catch (DuplicateKeyException ex) {
			throw badRequest("key_alias already exists: " + updated.keyAlias());
		}
		authenticator.invalidate(previousToken);
		authenticator.invalidate(updated.token());
	}

	private static Map<String, Object> withKey(String key, KeyRecord k) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("key", key);
		out.putAll(AdminJson.key(k));
		return out;
	}
}
